using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Auth;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Bootstrap;

/// <summary>Creates a tenant with its <c>default</c> namespace, and admin keys for it.</summary>
public sealed class TenantBootstrapper
{
    private readonly IIdentityStore _identities;
    private readonly ObjectService _objects;
    private readonly ApiKeys _keys;
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly TimeProvider _time;

    public TenantBootstrapper(IIdentityStore identities, ObjectService objects, ApiKeys keys, ApiKeyAuthenticator authenticator, TimeProvider time)
    {
        _identities = identities;
        _objects = objects;
        _keys = keys;
        _authenticator = authenticator;
        _time = time;
    }

    /// <summary>Creates the tenant and its <c>default</c> namespace if missing; safe to call at every start.</summary>
    public async Task EnsureTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        await _identities.CreateTenantAsync(tenant, _time.GetUtcNow(), cancellationToken);
        if (await _objects.GetAsync(ResourceRegistry.Namespaces, tenant, "", "default", cancellationToken) is null)
        {
            try
            {
                await _objects.CreateAsync(ResourceRegistry.Namespaces, tenant, new Namespace { Metadata = new ObjectMeta { Name = "default" } }, cancellationToken);
            }
            catch (ApiException e) when (e.Status.Reason == "AlreadyExists")
            {
                // Another instance created it first.
            }
        }
    }

    /// <summary>Issues a new admin key for the tenant; the plaintext is returned once and never stored.</summary>
    public async Task<string> IssueAdminKeyAsync(string tenant, string description, CancellationToken cancellationToken) =>
        (await _keys.IssueAsync(tenant, ApiKeyRoles.Admin, null, lifetime: null, description, cancellationToken)).Key;

    /// <summary>True when <paramref name="key"/> is a valid admin key of <paramref name="tenant"/>.</summary>
    public async Task<bool> IsAdminKeyAsync(string tenant, string key, CancellationToken cancellationToken) =>
        await _authenticator.AuthenticateAsync("Bearer " + key, cancellationToken) is { IsAdmin: true } caller && caller.Tenant == tenant;
}
