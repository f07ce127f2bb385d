using System.Net;
using System.Text.Json.Nodes;
using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Sms;

public sealed class EventsAcs : AcsFixture;

/// <summary>Replies and delivery reports as Event Grid brings them through the Functions host's envelope.</summary>
public class SmsEventTests(EventsAcs fx) : IClassFixture<EventsAcs>
{
    private readonly SmsWorld w = new(fx.App);

    private static JsonObject Envelope(JsonObject e) => new() { ["Data"] = new JsonObject { ["event"] = e.DeepClone() }, ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = "x" } } };

    /// <summary>An Event Grid event in the documentation's own casing: PascalCase data, numbers without "+".</summary>
    private static JsonObject Received(string from, string text, string? id = null) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["topic"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z",
        ["subject"] = $"/phonenumber/{from.TrimStart('+')}", ["eventType"] = "Microsoft.Communication.SMSReceived", ["eventTime"] = "2026-11-23T01:00:00Z",
        ["dataVersion"] = "1.0", ["metadataVersion"] = "1",
        ["data"] = new JsonObject
        {
            ["MessageId"] = id ?? $"Incoming_{Guid.NewGuid():N}", ["From"] = from.TrimStart('+'), ["To"] = "18005550100", ["Message"] = text,
            ["ReceivedTimestamp"] = "2026-11-23T01:00:00Z",
        },
    };

    private static JsonObject Report(FakeAcsServer.Sent sent, string status) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["subject"] = $"/phonenumber/{sent.To.TrimStart('+')}", ["eventType"] = "Microsoft.Communication.SMSDeliveryReportReceived",
        ["eventTime"] = "2026-11-23T01:00:05Z", ["dataVersion"] = "1.0", ["metadataVersion"] = "1",
        ["data"] = new JsonObject
        {
            ["messageId"] = sent.MessageId, ["from"] = "18005550100", ["to"] = sent.To, ["deliveryStatus"] = status,
            ["deliveryStatusDetails"] = status == "Delivered" ? "No error." : "Number unreachable.", ["tag"] = sent.Tag,
            ["receivedTimestamp"] = "2026-11-23T01:00:05Z", ["deliveryAttempts"] = new JsonArray(new JsonObject { ["timestamp"] = "2026-11-23T01:00:04Z", ["segmentsSucceeded"] = 1, ["segmentsFailed"] = 0 }),
        },
    };

    private async Task<HttpResponseMessage> PostAsync(string function, JsonObject e) => await fx.App.Anonymous().PostJsonAsync($"/{function}", Envelope(e).ToJsonString());

    [Fact]
    public async Task Delivery_reports_update_the_outbox_and_a_failed_check_in_goes_to_the_care_engine()
    {
        var day = w.NextDay();
        var (volunteerId, _) = await w.PersonAsync("报告志愿", "volunteer");
        var (retireeId, phone) = await w.RetireeAsync("报告老人", [volunteerId]);
        await w.PlanAsync(retireeId);
        var (_, other) = await w.RetireeAsync("报告老人二"); // registered with a plan, so today it gets a check-in as well as the notice
        var notice = await w.QueueAsync(SmsWorld.Notice(other, "已送达吗", $"test:{Guid.NewGuid():N}"));
        w.At(day, "09:00");
        await w.SweepAsync();
        await w.DispatchAsync();

        var delivered = await PostAsync("SmsDeliveryReport", Report(fx.Acs.Phone.Single(s => s.To == other && s.Message.Contains("已送达吗")), "Delivered"));
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(SmsState.Delivered, (await w.MessageAsync(notice.Key)).State);

        var failed = await PostAsync("SmsDeliveryReport", Report(fx.Acs.Phone.Single(s => s.To == phone), "Failed"));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var checkInId = CheckInStore.IdOf(CheckInStore.DayPartition(day), retireeId);
        var message = await w.MessageAsync($"checkin:{checkInId}");
        Assert.Equal(SmsState.Failed, message.State);
        Assert.Equal("Number unreachable.", message.Error);
        Assert.Equal(CheckInStatus.Undelivered, (await w.Get<CheckInStore>().GetAsync(checkInId, CancellationToken.None))!.Value.CheckIn.Status);
    }

    [Fact]
    public async Task A_reply_in_PascalCase_without_the_plus_reaches_the_inbox_once_however_often_it_is_delivered()
    {
        var (retireeId, phone) = await w.RetireeAsync("事件老人");
        var e = Received(phone, "谢谢你们的关心！");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsReceived", e)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsReceived", e)).StatusCode); // Event Grid delivers at least once
        var item = Assert.Single(await w.Get<InboxStore>().ListAsync(true, 500, CancellationToken.None), i => i.From == phone);
        Assert.Equal(retireeId, item.RetireeId);
    }

    [Fact]
    public async Task A_reply_in_the_CloudEvents_schema_is_read_too()
    {
        var phone = CareWorld.NewPhone();
        var cloud = new JsonObject
        {
            ["specversion"] = "1.0", ["id"] = Guid.NewGuid().ToString(), ["source"] = "/subscriptions/x/communicationServices/z", ["type"] = "Microsoft.Communication.SMSReceived",
            ["time"] = "2026-11-23T01:00:00Z", ["subject"] = "/phonenumber/x", ["datacontenttype"] = "application/json",
            ["data"] = new JsonObject { ["messageId"] = $"Incoming_{Guid.NewGuid():N}", ["from"] = phone, ["to"] = "+18005550100", ["message"] = "云事件", ["receivedTimestamp"] = "2026-11-23T01:00:00Z" },
        };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsReceived", cloud)).StatusCode);
        Assert.Contains(await w.Get<InboxStore>().ListAsync(true, 500, CancellationToken.None), i => i.From == phone && i.Text == "云事件");
    }

    [Fact]
    public async Task A_malformed_or_wrong_event_is_a_400_and_changes_nothing()
    {
        var phone = CareWorld.NewPhone();
        var malformed = await fx.App.Anonymous().PostJsonAsync("/SmsReceived", """{"Data":{"event":{"data":{"From":"x"}}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var notJson = await fx.App.Anonymous().PostJsonAsync("/SmsReceived", "{\"Data\":");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var wrongType = Received(phone, "1");
        wrongType["eventType"] = "Microsoft.Storage.BlobCreated";
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("SmsReceived", wrongType)).StatusCode);
        var report = Received(phone, "1");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("SmsDeliveryReport", report)).StatusCode);
        Assert.DoesNotContain(await w.Get<InboxStore>().ListAsync(false, 500, CancellationToken.None), i => i.From == phone);
    }

    [Theory]
    [InlineData("From", "5", "from")]
    [InlineData("Message", "{\"text\":\"好\"}", "message")]
    [InlineData("ReceivedTimestamp", "\"yesterday\"", "receivedTimestamp")]
    [InlineData("MessageId", "[1]", "messageId")]
    public async Task An_event_field_of_the_wrong_kind_is_a_400_naming_it_and_changes_nothing(string field, string json, string named)
    {
        var phone = CareWorld.NewPhone();
        var e = Received(phone, "字段");
        e["data"]![field] = JsonNode.Parse(json);
        var response = await PostAsync("SmsReceived", e);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await w.Get<InboxStore>().ListAsync(false, 500, CancellationToken.None), i => i.From == phone);
    }

    [Fact]
    public async Task STOP_opts_out_confirms_once_alerts_the_duty_coordinator_and_check_ins_go_by_call_until_START()
    {
        var day = w.NextDay();
        var (_, coordinatorPhone) = await w.PersonAsync("值班老师", "staff");
        var (volunteerId, _) = await w.PersonAsync("退订志愿", "volunteer");
        var (retireeId, phone) = await w.RetireeAsync("退订老人", [volunteerId]);
        await w.PlanAsync(retireeId);

        var stop = Received(phone, "退订");
        await PostAsync("SmsReceived", stop);
        await PostAsync("SmsReceived", Received(phone, "ＳＴＯＰ！")); // a second STOP, full width
        await w.DispatchAsync();
        var confirmation = Assert.Single(fx.Acs.Phone, s => s.To == phone);
        Assert.Contains("退订", confirmation.Message);
        Assert.Contains("退订老人", Assert.Single(fx.Acs.Phone, s => s.To == coordinatorPhone).Message);
        var item = Assert.Single(await w.Get<InboxStore>().ListAsync(true, 500, CancellationToken.None), i => i.From == phone);
        Assert.Equal(InboxFlag.Urgent, item.Flag);

        // The next check-in is not an SMS (nor an "undelivered" one): a call task for the volunteer (issue 10).
        w.At(day, "09:00");
        await w.SweepAsync();
        await w.DispatchAsync();
        Assert.Single(fx.Acs.Phone, s => s.To == phone);
        var checkInId = CheckInStore.IdOf(CheckInStore.DayPartition(day), retireeId);
        var checkIn = (await w.Get<CheckInStore>().GetAsync(checkInId, CancellationToken.None))!.Value.CheckIn;
        Assert.Equal((CheckInStatus.Sent, Afterglow.Domain.CheckIns.CareChannel.Call), (checkIn.Status, checkIn.Channel));

        await PostAsync("SmsReceived", Received(phone, "start"));
        await w.DispatchAsync();
        Assert.Equal(2, fx.Acs.Phone.Count(s => s.To == phone));
        Assert.Contains("恢复", fx.Acs.Phone.Last(s => s.To == phone).Message);
    }

    [Fact]
    public async Task A_STOP_delivered_again_after_a_crash_that_followed_its_recording_is_confirmed_once()
    {
        var phone = CareWorld.NewPhone();
        var id = $"Incoming_{Guid.NewGuid():N}";
        // The first delivery recorded the opt-out, then the process stopped before anything else.
        await w.Get<OutboxStore>().OptOutAsync(phone, id, w.App.Clock.GetUtcNow(), CancellationToken.None);

        await PostAsync("SmsReceived", Received(phone, "STOP", id)); // Event Grid retries the same event
        await PostAsync("SmsReceived", Received(phone, "STOP", id));
        await w.DispatchAsync();
        Assert.Single(fx.Acs.Phone, s => s.To == phone);
        Assert.Single(await w.Get<InboxStore>().ListAsync(true, 500, CancellationToken.None), i => i.From == phone);
    }

    [Fact]
    public async Task HELP_from_a_number_the_care_engine_does_not_know_is_an_urgent_inbox_item()
    {
        var phone = CareWorld.NewPhone();
        await PostAsync("SmsReceived", Received(phone, "求助"));
        var item = Assert.Single(await w.Get<InboxStore>().ListAsync(true, 500, CancellationToken.None), i => i.From == phone);
        Assert.Equal(InboxFlag.Urgent, item.Flag);
    }

    [Fact]
    public async Task HELP_from_a_retiree_opens_an_urgent_incident()
    {
        var (volunteerId, _) = await w.PersonAsync("求助志愿", "volunteer");
        var (retireeId, phone) = await w.RetireeAsync("求助老人", [volunteerId]);
        await PostAsync("SmsReceived", Received(phone, "HELP"));
        var open = (await w.Get<IncidentStore>().ListOpenAsync(CancellationToken.None)).Where(s => s.RetireeId == retireeId).ToList();
        Assert.Equal(IncidentKind.Help, Assert.Single(open).Kind);
        Assert.DoesNotContain(await w.Get<InboxStore>().ListAsync(true, 500, CancellationToken.None), i => i.From == phone);
    }
}
