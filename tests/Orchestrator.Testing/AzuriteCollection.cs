namespace Orchestrator.Testing;

/// <summary>
/// The name of the test collection that shares one <see cref="AzuriteFixture"/>. xunit 2 only discovers collection
/// definitions inside the test assembly, so each test project declares it once:
/// <code>
/// [CollectionDefinition(AzuriteCollection.Name)]
/// public sealed class AzuriteCollectionDefinition : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// and its test classes take <c>[Collection(AzuriteCollection.Name)]</c> and an <see cref="AzuriteFixture"/> parameter.
/// </summary>
public static class AzuriteCollection
{
    public const string Name = "azurite";
}
