using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;
using Orchestrator.Testing;

namespace Orchestrator.Messaging.Tests;

public sealed class MessagingServiceCollectionExtensionsTests
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.AccountKey
        + ";QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    [Fact]
    public void AddStorageQueueNodeChannel_Configured_ResolvesChannelWithOptions()
    {
        using var provider = new ServiceCollection()
            .AddStorageQueueNodeChannel(ConnectionString, o => o.QueuePrefix = "custom")
            .BuildServiceProvider();

        var channel = Assert.IsType<StorageQueueNodeChannel>(provider.GetRequiredService<INodeChannel>());

        Assert.StartsWith("custom-", channel.QueueNameFor("t", "n"), StringComparison.Ordinal);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddStorageQueueNodeChannel_InvalidOptions_FailsValidation()
    {
        using var provider = new ServiceCollection()
            .AddStorageQueueNodeChannel(ConnectionString, o => o.PollInterval = TimeSpan.Zero)
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<INodeChannel>());

        Assert.Contains(nameof(NodeChannelOptions.PollInterval), ex.Message, StringComparison.Ordinal);
    }
}
