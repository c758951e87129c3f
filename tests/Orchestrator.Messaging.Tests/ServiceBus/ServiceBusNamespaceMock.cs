using Azure;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Moq;

namespace Orchestrator.Messaging.Tests.ServiceBus;

/// <summary>
/// Moq stand-ins for a namespace's clients (no Service Bus emulator runs here): the administration client keeps
/// queues as Service Bus would (a missing queue is MessagingEntityNotFound, a second create is AlreadyExists), and the
/// client records every message sent per queue.
/// </summary>
internal sealed class ServiceBusNamespaceMock
{
    public const string Namespace = "orch-test.servicebus.windows.net";

    public ServiceBusNamespaceMock()
    {
        Client.SetupGet(c => c.FullyQualifiedNamespace).Returns(Namespace);
        Client.Setup(c => c.CreateSender(It.IsAny<string>())).Returns((string queue) => SenderFor(queue));

        Administration
            .Setup(a => a.GetQueueAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, CancellationToken _) => Queues.TryGetValue(name, out var queue)
                ? Response.FromValue(queue, Mock.Of<Response>())
                : throw NotFound(name));
        Administration
            .Setup(a => a.CreateQueueAsync(It.IsAny<CreateQueueOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CreateQueueOptions options, CancellationToken _) =>
            {
                if (Queues.ContainsKey(options.Name))
                {
                    throw new ServiceBusException("exists", ServiceBusFailureReason.MessagingEntityAlreadyExists, options.Name);
                }

                Created.Add(options);
                var queue = ServiceBusModelFactory.QueueProperties(
                    options.Name,
                    options.LockDuration,
                    options.MaxSizeInMegabytes,
                    options.RequiresDuplicateDetection,
                    options.RequiresSession,
                    options.DefaultMessageTimeToLive,
                    options.AutoDeleteOnIdle,
                    options.DeadLetteringOnMessageExpiration,
                    options.DuplicateDetectionHistoryTimeWindow,
                    options.MaxDeliveryCount,
                    options.EnableBatchedOperations,
                    EntityStatus.Active,
                    options.ForwardTo,
                    options.ForwardDeadLetteredMessagesTo,
                    options.UserMetadata ?? string.Empty,
                    options.EnablePartitioning);
                foreach (var rule in options.AuthorizationRules)
                {
                    queue.AuthorizationRules.Add(rule);
                }

                Queues[options.Name] = queue;
                return Response.FromValue(queue, Mock.Of<Response>());
            });
        Administration
            .Setup(a => a.UpdateQueueAsync(It.IsAny<QueueProperties>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((QueueProperties queue, CancellationToken _) =>
            {
                Queues[queue.Name] = queue;
                return Response.FromValue(queue, Mock.Of<Response>());
            });
        Administration
            .Setup(a => a.DeleteQueueAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, CancellationToken _) => Queues.Remove(name)
                ? Mock.Of<Response>()
                : throw NotFound(name));
    }

    public Mock<ServiceBusClient> Client { get; } = new();

    public Mock<ServiceBusAdministrationClient> Administration { get; } = new();

    public Dictionary<string, QueueProperties> Queues { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<CreateQueueOptions> Created { get; } = [];

    public Dictionary<string, List<ServiceBusMessage>> Sent { get; } = new(StringComparer.OrdinalIgnoreCase);

    private static ServiceBusException NotFound(string name) =>
        new("not found", ServiceBusFailureReason.MessagingEntityNotFound, name);

    private ServiceBusSender SenderFor(string queue)
    {
        var sender = new Mock<ServiceBusSender>();
        sender
            .Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Returns((ServiceBusMessage message, CancellationToken _) =>
            {
                if (!Queues.ContainsKey(queue))
                {
                    throw NotFound(queue);
                }

                if (!Sent.TryGetValue(queue, out var messages))
                {
                    Sent[queue] = messages = [];
                }

                messages.Add(message);
                return Task.CompletedTask;
            });
        return sender.Object;
    }
}
