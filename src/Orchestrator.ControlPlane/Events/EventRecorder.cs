using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Events;

/// <summary>
/// Writes Kubernetes-style <c>v1</c> Events for the control loops. An event repeated for the same object (same type,
/// reason, message and component) is one Event whose <c>count</c> and <c>lastTimestamp</c> grow, as the event
/// recorder's aggregation does in Kubernetes. Recording is best effort: a failure is logged, never thrown, so a
/// loop's own work is never undone by its events.
/// </summary>
public sealed partial class EventRecorder
{
    private const int HashChars = 16;
    private const string ClusterScopedNamespace = "default";

    private readonly ObjectService _objects;
    private readonly TimeProvider _time;
    private readonly ILogger<EventRecorder> _logger;

    public EventRecorder(ObjectService objects, TimeProvider time, ILogger<EventRecorder> logger)
    {
        _objects = objects;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Records the events of one pass of a loop for <paramref name="tenant"/>. New events are created in one batch;
    /// repeats are read and bumped one by one.
    /// </summary>
    public async Task RecordAsync(string tenant, IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var grouped = events
            .GroupBy(e => (Namespace: NamespaceOf(e), Name: NameOf(e)))
            .Select(g => (g.Key.Namespace, g.Key.Name, Record: g.First(), Count: g.Count()))
            .ToList();

        try
        {
            var creates = grouped.Select(e => _objects.PrepareCreate(ResourceRegistry.Events, tenant, NewEvent(e.Namespace, e.Name, e.Record, e.Count, now))).ToList();
            await _objects.CommitAsync(tenant, creates, cancellationToken);
            return;
        }
        catch (ApiException e) when (e.Status.Code == 409)
        {
            // Some of them happened before: fall back to one at a time.
        }

        foreach (var (ns, name, record, count) in grouped)
        {
            await RecordOneAsync(tenant, ns, name, record, count, now, cancellationToken);
        }
    }

    /// <summary>Records what a workload controller's pass reported about <paramref name="regarding"/>.</summary>
    public Task RecordAsync(string tenant, KubeObject regarding, IReadOnlyList<WorkloadEvent> events, string component, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return RecordAsync(tenant, [.. events.Select(e => new EventRecord(regarding, e.Warning ? EventTypes.Warning : EventTypes.Normal, e.Reason, e.Message, component))], cancellationToken);
    }

    private async Task RecordOneAsync(string tenant, string ns, string name, EventRecord record, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await _objects.GetAsync(ResourceRegistry.Events, tenant, ns, name, cancellationToken);
            if (existing is null)
            {
                await _objects.CommitAsync(tenant, [_objects.PrepareCreate(ResourceRegistry.Events, tenant, NewEvent(ns, name, record, count, now))], cancellationToken);
                return;
            }

            var updated = ResourceRegistry.Events.Clone(existing.Object);
            updated.Count = (updated.Count ?? 1) + count;
            updated.LastTimestamp = now;
            await _objects.CommitAsync(tenant, [_objects.PrepareUpdate(ResourceRegistry.Events, existing.Untyped(), updated, UpdateScope.Whole)], cancellationToken);
        }
        catch (ApiException e)
        {
            var regarding = record.Regarding.Metadata;
            LogNotRecorded(_logger, record.Reason, record.Regarding.Kind, regarding.Namespace, regarding.Name, tenant, e.Status.Message ?? e.Message);
        }
    }

    private static Event NewEvent(string ns, string name, EventRecord record, int count, DateTimeOffset now)
    {
        var regarding = record.Regarding;
        return new Event
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = regarding.ApiVersion,
                Kind = regarding.Kind,
                Name = regarding.Metadata.Name,
                Namespace = regarding.Metadata.Namespace,
                Uid = regarding.Metadata.Uid,
                ResourceVersion = regarding.Metadata.ResourceVersion,
            },
            Type = record.Type,
            Reason = record.Reason,
            Message = record.Message,
            Source = new EventSource { Component = record.Component },
            ReportingComponent = record.Component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = count,
        };
    }

    private static string NamespaceOf(EventRecord record) =>
        record.Regarding.Metadata.Namespace is { Length: > 0 } ns ? ns : ClusterScopedNamespace;

    /// <summary>
    /// The regarding object's name, a dot and a hash of what makes the event the same event, so a repeat finds it
    /// (Kubernetes names events the same way, with a time where this has a hash).
    /// </summary>
    private static string NameOf(EventRecord record)
    {
        var meta = record.Regarding.Metadata;
        var identity = string.Join('\n', meta.Uid ?? meta.Name, record.Type, record.Reason, record.Message, record.Component);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..HashChars];
        var prefix = meta.Name ?? "";
        var room = Core.Validation.NameRules.Dns1123SubdomainMaxLength - HashChars - 1;
        if (prefix.Length > room)
        {
            prefix = prefix[..room].TrimEnd('-', '.');
        }

        return $"{prefix}.{hash}";
    }
}
