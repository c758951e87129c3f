using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.ControllerFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class NodeLifecycleReconcilerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);

    private static Node Node(string? ready = "True", int createdSecondsAgo = 3600) => new()
    {
        Metadata = new ObjectMeta { Name = "node-a", CreationTimestamp = Now.AddSeconds(-createdSecondsAgo) },
        Status = new NodeStatus
        {
            Conditions = ready is null
                ? null
                : [new NodeCondition { Type = "Ready", Status = ready, Reason = "KubeletReady", LastHeartbeatTime = Now.AddSeconds(-50), LastTransitionTime = Now.AddHours(-1) }],
        },
    };

    [Fact]
    public void Reconcile_LeaseFresh_ChangesNothing()
    {
        Assert.Null(NodeLifecycleReconciler.Reconcile(Node(), Now.AddSeconds(-10), Now, Grace));
    }

    [Fact]
    public void Reconcile_LeaseExactlyAtGrace_ChangesNothing()
    {
        Assert.Null(NodeLifecycleReconciler.Reconcile(Node(), Now - Grace, Now, Grace));
    }

    [Fact]
    public void Reconcile_LeaseExpired_MarksReadyUnknown()
    {
        var renewal = Now.AddSeconds(-41);

        var condition = NodeLifecycleReconciler.Reconcile(Node(), renewal, Now, Grace);

        Assert.NotNull(condition);
        Assert.Equal("Ready", condition.Type);
        Assert.Equal("Unknown", condition.Status);
        Assert.Equal("NodeStatusUnknown", condition.Reason);
        Assert.Equal("Kubelet stopped posting node status.", condition.Message);
        Assert.Equal(renewal, condition.LastHeartbeatTime);
        Assert.Equal(Now, condition.LastTransitionTime);
    }

    [Fact]
    public void Reconcile_LeaseExpiredButReadyPostedSince_ChangesNothing()
    {
        // An agent back from an outage reports Ready a moment before its first lease renewal lands.
        var node = Node();
        node.Status!.Conditions![0].LastHeartbeatTime = Now.AddSeconds(-1);

        Assert.Null(NodeLifecycleReconciler.Reconcile(node, Now.AddMinutes(-5), Now, Grace));
    }

    [Fact]
    public void Reconcile_AlreadyUnknown_ChangesNothing()
    {
        Assert.Null(NodeLifecycleReconciler.Reconcile(Node(ready: "Unknown"), Now.AddMinutes(-10), Now, Grace));
    }

    [Fact]
    public void Reconcile_ReadyFalseAndLeaseExpired_MarksUnknown()
    {
        Assert.Equal("Unknown", NodeLifecycleReconciler.Reconcile(Node(ready: "False"), Now.AddMinutes(-10), Now, Grace)?.Status);
    }

    [Fact]
    public void Reconcile_NoLeaseOnAnOldNode_MarksUnknown()
    {
        var condition = NodeLifecycleReconciler.Reconcile(Node(), null, Now, Grace);

        Assert.Equal(("Unknown", "NodeStatusUnknown"), (condition?.Status, condition?.Reason));
        Assert.Equal(Now.AddSeconds(-50), condition?.LastHeartbeatTime);
    }

    [Fact]
    public void Reconcile_NoLeaseYetOnANewNode_WaitsOutTheGracePeriod()
    {
        Assert.Null(NodeLifecycleReconciler.Reconcile(Node(ready: null, createdSecondsAgo: 5), null, Now, Grace));
    }

    [Fact]
    public void Reconcile_NodeNeverPostedStatus_SaysSo()
    {
        var condition = NodeLifecycleReconciler.Reconcile(Node(ready: null, createdSecondsAgo: 300), null, Now, Grace);

        Assert.Equal(("Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."), (condition?.Status, condition?.Reason, condition?.Message));
    }
}
