namespace Orchestrator.EndToEnd.Tests;

/// <summary>One look at the workload: how many pods were Ready and how many of those answered.</summary>
internal sealed record ServingSample(DateTimeOffset At, int Ready, int Answering, string Pods)
{
    public override string ToString() => $"{At:HH:mm:ss.fff} ready={Ready} answering={Answering} [{Pods}]";
}
