namespace Orchestrator.ControlPlane.Objects;

/// <summary>
/// Told of every committed change, right after the commit and before the request answers, so that writes nudge
/// the loops and agents concerned. An observer must be quick and must not throw.
/// </summary>
public interface IObjectChangeObserver
{
    ValueTask OnChangedAsync(IReadOnlyList<ObjectChange> changes, CancellationToken cancellationToken);
}
