using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// The result of <see cref="DeploymentRollbacker.Plan"/>: the outcome, the revision it is about (the resolved one
/// when the previous revision was asked for), the Deployment to write (only for
/// <see cref="DeploymentRollbackOutcome.RolledBack"/>) and a message in kubectl's wording.
/// </summary>
public sealed record DeploymentRollbackPlan(DeploymentRollbackOutcome Outcome, long Revision, Deployment? Updated, string Message);
