namespace Orchestrator.Messaging.Tests;

public sealed class NodeQueueNameTests
{
    [Fact]
    public void For_TenantAndNode_IsPrefixAndFirst40HexOfSha256()
    {
        // printf 'acme/node-1' | sha256sum
        Assert.Equal("orch-node-f84cb4ebc91c09bef417a7d390caa708dd003f02", NodeQueueName.For("orch-node", "acme", "node-1"));
    }

    [Fact]
    public void For_SameNodeInOtherTenant_Differs()
    {
        Assert.NotEqual(NodeQueueName.For("p", "acme", "node-1"), NodeQueueName.For("p", "globex", "node-1"));
    }

    [Fact]
    public void For_NamesWithAnyCharacters_IsValidQueueName()
    {
        var name = NodeQueueName.For("orch-node", "Ünïcode Tenant", "Node/With:Odd.Chars");

        Assert.Matches("^orch-node-[0-9a-f]{40}$", name);
    }
}
