using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>
/// An extra operation committed in every transaction of a multi-transaction commit (see
/// <see cref="ObjectService.CommitGuardedAsync"/>):
/// typically a version-checked update of a token row, so that work planned on state that has since changed fails
/// atomically with a conflict.
/// </summary>
public interface ICommitGuard
{
    /// <summary>The operation to append to the next transaction, whose operations are in commit group <paramref name="group"/>.</summary>
    StoreOperation Next(string group);

    /// <summary>Told what the operation appended for <paramref name="group"/> stored once its transaction committed.</summary>
    void Committed(string group, StoredObject? stored);
}
