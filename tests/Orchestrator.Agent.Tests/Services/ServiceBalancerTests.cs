using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Agent.Services;

namespace Orchestrator.Agent.Tests.Services;

public sealed class ServiceBalancerTests
{
    private static readonly IPEndPoint A = IPEndPoint.Parse("10.0.0.1:8080");
    private static readonly IPEndPoint B = IPEndPoint.Parse("10.0.0.2:8080");
    private static readonly IPEndPoint C = IPEndPoint.Parse("10.0.0.3:8080");
    private static readonly IPAddress Client = IPAddress.Parse("192.168.1.7");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Candidates_RoundRobin_EachConnectionStartsAtTheNextEndpoint()
    {
        var balancer = Balancer([A, B, C]);

        var firsts = Enumerable.Range(0, 6).Select(_ => balancer.Candidates(Client)[0]).ToList();

        Assert.Equal([A, B, C, A, B, C], firsts);
    }

    [Fact]
    public void Candidates_AfterTheFirst_TheRestOfTheRotationFollowsEachOnce()
    {
        var balancer = Balancer([A, B, C]);
        balancer.Candidates(Client);

        var order = balancer.Candidates(Client);

        // B refused: C is tried next, then A; nothing twice.
        Assert.Equal([B, C, A], order);
    }

    [Fact]
    public void Candidates_NoEndpoints_IsEmpty()
    {
        Assert.Empty(Balancer([]).Candidates(Client));
    }

    [Fact]
    public void Update_EndpointRemoved_NewConnectionsAvoidIt()
    {
        var balancer = Balancer([A, B, C]);
        balancer.Candidates(Client);

        balancer.Update([A, C], affinityTimeout: null);

        var all = Enumerable.Range(0, 4).SelectMany(_ => balancer.Candidates(Client)).ToList();
        Assert.DoesNotContain(B, all);
        Assert.Contains(A, all);
        Assert.Contains(C, all);
    }

    [Fact]
    public void Candidates_ClientIPAffinity_SameClientKeepsItsEndpoint()
    {
        var balancer = Balancer([A, B, C], TimeSpan.FromSeconds(60));
        var first = balancer.Candidates(Client)[0];
        balancer.Connected(Client, first);

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            var next = balancer.Candidates(Client)[0];
            balancer.Connected(Client, next);
            Assert.Equal(first, next);
        }

        // Another client still goes round.
        Assert.NotEqual(first, balancer.Candidates(IPAddress.Parse("192.168.1.8"))[0]);
    }

    [Fact]
    public void Candidates_ClientIPAffinityTimedOut_ClientGoesRoundAgain()
    {
        var balancer = Balancer([A, B], TimeSpan.FromSeconds(60));
        var first = balancer.Candidates(Client)[0];
        balancer.Connected(Client, first);

        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.NotEqual(first, balancer.Candidates(Client)[0]);
    }

    [Fact]
    public void Candidates_AffineEndpointRemoved_ClientGoesToAReadyOne()
    {
        var balancer = Balancer([A, B], TimeSpan.FromSeconds(60));
        balancer.Connected(Client, A);

        balancer.Update([B, C], TimeSpan.FromSeconds(60));

        Assert.Equal(2, balancer.Candidates(Client).Count);
        Assert.DoesNotContain(A, balancer.Candidates(Client));
    }

    [Fact]
    public void Candidates_AffineEndpointRefused_OthersFollowAndTheNewOneBecomesAffine()
    {
        var balancer = Balancer([A, B, C], TimeSpan.FromSeconds(60));
        balancer.Connected(Client, B);

        var order = balancer.Candidates(Client);
        Assert.Equal(B, order[0]);
        Assert.Equal(3, order.Distinct().Count());

        balancer.Connected(Client, order[1]);
        Assert.Equal(order[1], balancer.Candidates(Client)[0]);
    }

    private ServiceBalancer Balancer(IReadOnlyList<IPEndPoint> endpoints, TimeSpan? affinity = null)
    {
        var balancer = new ServiceBalancer(_time);
        balancer.Update(endpoints, affinity);
        return balancer;
    }
}
