namespace Orchestrator.Core.Controllers;

/// <summary>What a rollback request comes to.</summary>
public enum DeploymentRollbackOutcome
{
    /// <summary>The Deployment's template was replaced by the revision's.</summary>
    RolledBack,

    /// <summary>The Deployment already runs the revision's template: nothing to change.</summary>
    TemplateUnchanged,

    /// <summary>No ReplicaSet of the Deployment carries the requested revision.</summary>
    RevisionNotFound,

    /// <summary>The previous revision was asked for, and there is none.</summary>
    NoHistory,

    /// <summary>The Deployment is paused; kubectl refuses to roll it back.</summary>
    Paused,
}
