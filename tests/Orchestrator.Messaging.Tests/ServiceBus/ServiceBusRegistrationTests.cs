using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Messaging.Tests.ServiceBus;

public sealed class ServiceBusRegistrationTests
{
    private const string ConnectionString =
        "Endpoint=sb://orch-test.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=a2V5";

    [Fact]
    public async Task AddServiceBusNodeChannel_Configured_ResolvesChannelWithOptions()
    {
        await using var provider = new ServiceCollection()
            .AddServiceBusNodeChannel(ConnectionString, o => o.QueuePrefix = "custom", sb => sb.UseWebSockets = true)
            .BuildServiceProvider();

        var channel = Assert.IsType<ServiceBusNodeChannel>(provider.GetRequiredService<INodeChannel>());

        Assert.StartsWith("custom-", channel.QueueNameFor("t", "n"), StringComparison.Ordinal);
        Assert.Equal(Azure.Messaging.ServiceBus.ServiceBusTransportType.AmqpWebSockets, channel.TransportType);
    }

    [Fact]
    public async Task AddServiceBusNodeChannel_NamespaceAndCredential_ResolvesChannelForThatNamespace()
    {
        await using var provider = new ServiceCollection()
            .AddServiceBusNodeChannel("orch-test.servicebus.windows.net", new Mock<TokenCredential>().Object, o => o.QueuePrefix = "custom")
            .BuildServiceProvider();

        var channel = Assert.IsType<ServiceBusNodeChannel>(provider.GetRequiredService<INodeChannel>());

        Assert.Equal("orch-test.servicebus.windows.net", channel.FullyQualifiedNamespace);
        Assert.StartsWith("custom-", channel.QueueNameFor("t", "n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServiceBusNodeChannel_NamespaceAndInvalidServiceBusOptions_FailsValidation()
    {
        await using var provider = new ServiceCollection()
            .AddServiceBusNodeChannel("orch-test.servicebus.windows.net", new Mock<TokenCredential>().Object, configureServiceBus: sb => sb.LockDuration = TimeSpan.Zero)
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<INodeChannel>());

        Assert.Contains(nameof(ServiceBusNodeChannelOptions.LockDuration), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddServiceBusNodeChannel_InvalidServiceBusOptions_FailsValidation()
    {
        await using var provider = new ServiceCollection()
            .AddServiceBusNodeChannel(ConnectionString, configureServiceBus: sb => sb.LockDuration = TimeSpan.Zero)
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<INodeChannel>());

        Assert.Contains(nameof(ServiceBusNodeChannelOptions.LockDuration), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeChannelReceiversCreate_ServiceBusGrant_ReturnsServiceBusReceiver()
    {
        var receiver = NodeChannelReceivers.Create(
            ServiceBusNodeChannelReceiverTests.Grant(), new NodeChannelOptions(), TimeProvider.System, NullLogger.Instance);

        await using var serviceBus = Assert.IsType<ServiceBusNodeChannelReceiver>(receiver);
    }
}
