using Orchestrator.Agent.Pods;
using Orchestrator.Core.NodeApi;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Pods;

public sealed class PodStatusBufferTests
{
    [Fact]
    public void Enqueue_SamePodTwice_KeepsOnlyTheLatest()
    {
        var buffer = new PodStatusBuffer(10);
        buffer.Enqueue(Item("a", "Pending"));
        buffer.Enqueue(Item("a", "Running"));

        Assert.Equal("Running", Assert.Single(buffer.Peek(10)).Item.Status.Phase);
    }

    [Fact]
    public void Enqueue_OverCapacity_DropsTheOldestPod()
    {
        var buffer = new PodStatusBuffer(2);
        buffer.Enqueue(Item("a", "Running"));
        buffer.Enqueue(Item("b", "Running"));
        buffer.Enqueue(Item("c", "Running"));

        Assert.Equal(["b", "c"], buffer.Peek(10).Select(entry => entry.Item.Name));
        Assert.Equal(1, buffer.Dropped);
    }

    [Fact]
    public void Acknowledge_NewerStatusArrivedWhileSending_KeepsTheNewerOne()
    {
        var buffer = new PodStatusBuffer(10);
        buffer.Enqueue(Item("a", "Pending"));
        var sent = buffer.Peek(10);
        buffer.Enqueue(Item("a", "Running"));

        buffer.Acknowledge(sent);

        Assert.Equal("Running", Assert.Single(buffer.Peek(10)).Item.Status.Phase);
    }

    private static PodStatusReportItem Item(string name, string phase) => new("default", name, "uid-" + name, new PodStatus { Phase = phase });
}
