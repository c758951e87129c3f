using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.Functions.Http;
using Orchestrator.Functions.Loops;
using Orchestrator.Functions.Storage;
using Orchestrator.Testing.Fakes;

namespace Orchestrator.Functions.Tests;

public sealed class ControlLoopFunctionsTests
{
    [Fact]
    public async Task EveryTimerFunction_Invoked_ResyncsItsOwnLoopForEveryTenant()
    {
        var identities = new InMemoryIdentityStore();
        await identities.CreateTenantAsync("acme", DateTimeOffset.UnixEpoch, CancellationToken.None);
        await identities.CreateTenantAsync("globex", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var timers = TimerFunctions().ToList();
        var loops = timers.Select(t => new RecordingControlLoop(t.Name)).ToList();
        var tablesCreated = 0;
        var functions = new ControlLoopFunctions(
            new ControlLoopRunner(identities, TimeProvider.System, NullLogger<ControlLoopRunner>.Instance),
            loops,
            new StoreReadiness(_ => Task.FromResult(Interlocked.Increment(ref tablesCreated))));

        Assert.NotEmpty(timers);
        foreach (var (name, method) in timers)
        {
            var before = loops.ToDictionary(l => l.Name, l => l.Reconciled.Count);

            await (Task)method.Invoke(functions, [new TimerInfo(), CancellationToken.None])!;

            Assert.Equal([new LoopKey("acme"), new LoopKey("globex")], loops.Single(l => l.Name == name).Reconciled);
            Assert.All(loops.Where(l => l.Name != name), other => Assert.Equal(before[other.Name], other.Reconciled.Count));
        }

        Assert.Equal(1, tablesCreated);
    }

    [Fact]
    public async Task TimerFunctions_AfterADeploymentIsPosted_CreateItsPods()
    {
        using var controlPlane = new TestControlPlane();
        var key = await controlPlane.AdminKeyAsync();
        await controlPlane.Create<GroupObjectFunctions>().GroupNamespacedCollection(
            TestControlPlane.Request("POST", "/apis/apps/v1/namespaces/default/deployments", key, GroupObjectFunctionsTests.Deployment),
            "apps", "v1", "default", "deployments");
        var loops = controlPlane.Create<ControlLoopFunctions>();

        await loops.Deployment(new TimerInfo(), CancellationToken.None);
        await loops.ReplicaSet(new TimerInfo(), CancellationToken.None);

        var list = TestControlPlane.Request("GET", "/api/v1/namespaces/default/pods", key);
        await controlPlane.Create<CoreObjectFunctions>().CoreNamespacedCollection(list, "default", "pods");
        Assert.Equal(200, list.HttpContext.Response.StatusCode);
        Assert.Equal(2, TestControlPlane.ResponseJson(list).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TimerFunction_LoopNotRegistered_FailsNamingTheLoop()
    {
        using var controlPlane = new TestControlPlane();
        var functions = new ControlLoopFunctions(
            controlPlane.Services.GetRequiredService<ControlLoopRunner>(),
            [],
            controlPlane.Services.GetRequiredService<StoreReadiness>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => functions.Scheduler(new TimerInfo(), CancellationToken.None));

        Assert.Contains("'Scheduler'", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, MethodInfo Method)> TimerFunctions() =>
        typeof(ControlLoopFunctions).GetMethods()
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null))
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()!.Name, m));
}
