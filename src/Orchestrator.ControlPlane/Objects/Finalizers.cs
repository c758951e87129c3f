namespace Orchestrator.ControlPlane.Objects;

/// <summary>The finalizers the garbage collector owns, with Kubernetes' names.</summary>
public static class Finalizers
{
    /// <summary>The owner waits until its dependents are gone.</summary>
    public const string ForegroundDeletion = "foregroundDeletion";

    /// <summary>The owner waits until its dependents no longer reference it.</summary>
    public const string Orphan = "orphan";

    /// <summary>The finalizers of <paramref name="current"/> with the garbage collector's set for <paramref name="policy"/> (unchanged when null).</summary>
    public static List<string> For(IReadOnlyList<string>? current, DeletionPropagation? policy)
    {
        var list = current is null ? [] : current.ToList();
        if (policy is null)
        {
            return list;
        }

        list.RemoveAll(f => f is ForegroundDeletion or Orphan);
        if (policy == DeletionPropagation.Foreground)
        {
            list.Add(ForegroundDeletion);
        }
        else if (policy == DeletionPropagation.Orphan)
        {
            list.Add(Orphan);
        }

        return list;
    }
}
