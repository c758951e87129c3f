using Orchestrator.Testing;

namespace Orchestrator.Messaging.Tests;

/// <summary>One Azurite for all classes of this assembly (xunit 2 finds definitions only in the test assembly).</summary>
[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
