using System.Threading.Channels;
using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Logs;

/// <summary>
/// Hands log requests from the channel loop to <see cref="LogRequestWorker"/> without ever making the channel loop
/// wait: bounded, and when full the oldest request (the one most likely already given up on) is dropped.
/// </summary>
internal sealed class LogRequestQueue
{
    public const int Capacity = 64;

    private readonly System.Threading.Channels.Channel<LogRequest> _requests = System.Threading.Channels.Channel.CreateBounded<LogRequest>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<LogRequest> Reader => _requests.Reader;

    public void Enqueue(LogRequest request) => _requests.Writer.TryWrite(request);
}
