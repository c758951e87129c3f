using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Orchestrator.Agent.Nodes;

namespace Orchestrator.Agent.Services;

/// <summary>
/// kube-proxy's role in user space: keeps one <see cref="ProxyListener"/> per rule of the service table (cluster IP
/// and node ports), opening new ones, updating the endpoints of kept ones and closing removed ones whenever the table
/// changes. A listener that cannot bind (port in use) is logged and retried on the next pass; the others keep going.
/// </summary>
internal sealed partial class ServiceProxy : BackgroundService
{
    /// <summary>How long an endpoint may take to accept before the next ready one is tried.</summary>
    internal static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How often failed binds are retried and the node address re-read without a table change.</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(5);

    private readonly ServiceTable _table;
    private readonly NodeAddressResolver _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger<ServiceProxy> _logger;
    private readonly TimeSpan _connectTimeout;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPEndPoint, ProxyListener> _listeners = [];
    private readonly Dictionary<IPEndPoint, SocketError> _failed = [];
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _shutdown = new();

    public ServiceProxy(ServiceTable table, NodeAddressResolver addresses, TimeProvider time, ILogger<ServiceProxy> logger)
        : this(table, addresses, time, logger, ConnectTimeout)
    {
    }

    internal ServiceProxy(ServiceTable table, NodeAddressResolver addresses, TimeProvider time, ILogger<ServiceProxy> logger, TimeSpan connectTimeout)
    {
        _table = table;
        _addresses = addresses;
        _time = time;
        _logger = logger;
        _connectTimeout = connectTimeout;
    }

    /// <summary>The addresses listened on now.</summary>
    public IReadOnlyCollection<IPEndPoint> Listening
    {
        get
        {
            lock (_gate)
            {
                return [.. _listeners.Keys];
            }
        }
    }

    /// <summary>Makes the listeners match <paramref name="rules"/>.</summary>
    public void Apply(IReadOnlyList<ProxyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        lock (_gate)
        {
            var wanted = rules.ToDictionary(rule => rule.Listen);
            foreach (var (listen, listener) in _listeners.Where(pair => !wanted.ContainsKey(pair.Key)).ToList())
            {
                listener.Dispose();
                _listeners.Remove(listen);
                Log.Closed(_logger, listener.Rule.Service, listen);
            }

            foreach (var listen in _failed.Keys.Where(listen => !wanted.ContainsKey(listen)).ToList())
            {
                _failed.Remove(listen);
            }

            foreach (var rule in rules)
            {
                if (_listeners.TryGetValue(rule.Listen, out var existing))
                {
                    existing.Update(rule);
                    continue;
                }

                try
                {
                    _listeners[rule.Listen] = ProxyListener.Start(rule, _time, _connectTimeout, _connections, _logger, _shutdown.Token);
                    _failed.Remove(rule.Listen);
                    Log.Listening(_logger, rule.Service, rule.Listen, rule.Endpoints.Count);
                }
                catch (SocketException ex)
                {
                    // Logged once per address and error, then retried quietly on every pass.
                    if (!_failed.TryGetValue(rule.Listen, out var previous) || previous != ex.SocketErrorCode)
                    {
                        Log.BindFailed(_logger, rule.Service, rule.Listen, ex.SocketErrorCode, ex.Message);
                    }

                    _failed[rule.Listen] = ex.SocketErrorCode;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var listener in _listeners.Values)
            {
                listener.Dispose();
            }

            _listeners.Clear();
        }

        await _shutdown.CancelAsync();
        await Task.WhenAny(Task.WhenAll(_connections.Keys), Task.Delay(DrainOnStop, _time, cancellationToken));
    }

    public override void Dispose()
    {
        lock (_gate)
        {
            foreach (var listener in _listeners.Values)
            {
                listener.Dispose();
            }

            _listeners.Clear();
        }

        _shutdown.Cancel();
        _shutdown.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var (snapshot, version) = _table.Read();
            try
            {
                Apply(ProxyRules.Build(snapshot, _addresses.InternalIP));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SyncFailed(_logger, ex);
            }

            try
            {
                await _table.WaitForChangeAsync(version, RetryInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
