using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Azure.Storage.Queues;

namespace Afterglow.Tests.Deployment;

public sealed class QueueAcs : AcsFixture;

/// <summary>
/// Inbound SMS events through Event Grid's Storage queue destination, on Azurite: a message on the queue reaches the
/// one inbound path once, however it is encoded; a message that keeps failing ends in the poison queue, and staff see
/// the count. The same function answers the Functions host's queueTrigger envelope.
/// </summary>
public class SmsEventsQueueTests(QueueAcs fx) : IClassFixture<QueueAcs>
{
    private readonly SmsWorld w = new(fx.App);

    /// <summary>An SMSReceived event as Event Grid writes it (Event Grid schema, one event per message).</summary>
    private static JsonObject Received(string from, string text, string id) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["topic"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z",
        ["subject"] = $"/phonenumber/{from.TrimStart('+')}", ["eventType"] = "Microsoft.Communication.SMSReceived", ["eventTime"] = "2026-11-23T01:00:00Z",
        ["dataVersion"] = "1.0", ["metadataVersion"] = "1",
        ["data"] = new JsonObject { ["messageId"] = id, ["from"] = from, ["to"] = "+18005550100", ["message"] = text, ["receivedTimestamp"] = "2026-11-23T01:00:00Z" },
    };

    /// <summary>A queue of this test's own (the app's queue name with a prefix), so runs never share one.</summary>
    private (QueueClient Queue, QueueClient Poison) Queues()
    {
        var service = new QueueServiceClient(AppFactory.StorageConnection, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var name = "q" + Guid.NewGuid().ToString("N")[..8] + SmsEventsFunction.Queue;
        return (service.GetQueueClient(name), service.GetQueueClient(QueueMessages.PoisonQueue(name)));
    }

    private async Task<int> DrainAsync(QueueClient queue, QueueClient poison) =>
        await w.Get<QueueDrain>().DrainOnceAsync(w.Get<SmsEventsFunction>(), queue, poison, CancellationToken.None);

    private async Task<List<InboxItem>> InboxFromAsync(string phone) =>
        (await w.Get<InboxStore>().ListAsync(true, 500, CancellationToken.None)).Where(i => i.From == phone).ToList();

    [Fact]
    public async Task An_event_put_on_the_queue_reaches_the_inbound_path_once_however_it_is_encoded_and_however_often_it_is_delivered()
    {
        var (queue, poison) = Queues();
        await queue.CreateAsync();
        var (retireeId, phone) = await w.RetireeAsync("队列老人");
        var e = Received(phone, "收到，谢谢！", $"Incoming_{Guid.NewGuid():N}");
        var json = e.ToJsonString();
        // As written (JSON), base64 (Event Grid / SDK default encoding), and serialised once more (a JSON string of JSON).
        await queue.SendMessageAsync(json);
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));
        await queue.SendMessageAsync(JsonValue.Create(json)!.ToJsonString());

        Assert.Equal(3, await DrainAsync(queue, poison));

        var item = Assert.Single(await InboxFromAsync(phone));
        Assert.Equal(retireeId, item.RetireeId);
        Assert.Equal("收到，谢谢！", item.Text);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.False((await poison.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_tried_five_times_then_moved_to_the_poison_queue_and_nothing_changes()
    {
        var (queue, poison) = Queues();
        await queue.CreateAsync();
        var (_, phone) = await w.RetireeAsync("毒消息老人");
        var wrong = Received(phone, "hello", $"Incoming_{Guid.NewGuid():N}");
        wrong["eventType"] = "Microsoft.Storage.BlobCreated";
        await queue.SendMessageAsync(wrong.ToJsonString());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await poison.ExistsAsync()).Value || (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The message never reached the poison queue.");
            await DrainAsync(queue, poison);
            await Task.Delay(QueueDrain.RetryAfter / 4);
        }
        var poisoned = Assert.Single((await poison.PeekMessagesAsync(10)).Value);
        Assert.Equal(wrong.ToJsonString(), poisoned.Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty(await InboxFromAsync(phone));
    }

    [Fact]
    public async Task The_functions_host_envelope_with_the_item_as_a_json_string_and_quoted_metadata_reaches_the_inbox()
    {
        var (_, phone) = await w.RetireeAsync("信封老人");
        var e = Received(phone, "好的", $"Incoming_{Guid.NewGuid():N}");
        // The host writes the queue item as a JSON string, and some metadata JSON-quoted (azure-notes A.4).
        var envelope = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = e.ToJsonString() },
            ["Metadata"] = new JsonObject { ["DequeueCount"] = "1", ["Id"] = "\"4e77a0b2\"", ["sys"] = new JsonObject { ["MethodName"] = "SmsEvents" } },
        };
        var client = fx.App.Anonymous();
        var first = await client.PostJsonAsync("/SmsEvents", envelope.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/SmsEvents", envelope.ToJsonString())).StatusCode);
        Assert.Single(await InboxFromAsync(phone));

        var notAnEvent = new JsonObject { ["Data"] = new JsonObject { ["message"] = "not json" }, ["Metadata"] = new JsonObject() };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/SmsEvents", notAnEvent.ToJsonString())).StatusCode);
    }

    [Fact]
    public async Task Staff_see_how_many_events_wait_in_the_poison_queue()
    {
        var service = w.Get<QueueServiceClient>();
        var poison = service.GetQueueClient(QueueMessages.PoisonQueue(w.Get<SmsEventsFunction>().QueueName));
        var coordinator = (await fx.App.SignInAsAsync(Afterglow.App.Auth.Roles.Coordinator)).Client;
        var before = JsonNode.Parse(await coordinator.GetStringAsync("/api/sms-events/poison"))!["count"]!.GetValue<int>();
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("{\"eventType\":\"unknown\"}");
        var after = JsonNode.Parse(await coordinator.GetStringAsync("/api/sms-events/poison"))!;
        Assert.Equal(before + 1, after["count"]!.GetValue<int>());
        Assert.Equal(fx.App.Prefix.ToLowerInvariant() + "sms-events-poison", after["queue"]!.GetValue<string>());
        Assert.NotNull(after["oldest"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fx.App.Anonymous().GetAsync("/api/sms-events/poison")).StatusCode);
        var volunteer = (await fx.App.SignInAsAsync(Afterglow.App.Auth.Roles.Volunteer)).Client;
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/sms-events/poison")).StatusCode);
    }

    [Fact]
    public void The_queue_the_function_reads_is_the_one_host_json_and_the_bicep_agree_on()
    {
        var fn = FunctionCatalog.Load("SmsEvents", Repository.PathTo("functions/host/SmsEvents/function.json"));
        Assert.True(fn.IsQueue);
        Assert.Equal(SmsEventsFunction.Queue, fn.Trigger.QueueName);
        var host = JsonNode.Parse(File.ReadAllText(Repository.PathTo("functions/host/host.json")))!["extensions"]!["queues"]!;
        Assert.Equal(QueueMessages.MaxDequeueCount, host["maxDequeueCount"]!.GetValue<int>());
        Assert.Equal("none", host["messageEncoding"]!.GetValue<string>());
        Assert.Contains($"var smsEventsQueue = '{SmsEventsFunction.Queue}'", File.ReadAllText(Repository.PathTo("infra/bicep/main.bicep")), StringComparison.Ordinal);
    }
}
