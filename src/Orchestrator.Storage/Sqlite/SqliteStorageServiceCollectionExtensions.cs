using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Registers the SQLite implementations of the store interfaces, the standalone server's default.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IObjectStore"/>, <see cref="ILeaseStore"/> and <see cref="IIdentityStore"/> over one SQLite
    /// database file (created, with its schema, on first use), as singletons; the options are validated on start.
    /// </summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<IObjectStore, SqliteObjectStore>();
        services.TryAddSingleton<ILeaseStore, SqliteLeaseStore>();
        services.TryAddSingleton<IIdentityStore, SqliteIdentityStore>();
        return services;
    }
}
