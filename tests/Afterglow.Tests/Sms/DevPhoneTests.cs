using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.Tests.Infrastructure;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting;

namespace Afterglow.Tests.Sms;

/// <summary>End to end on the dev phone: the check-in reaches the phone, the answer typed there comes back through the inbound path.</summary>
public class DevPhoneTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    [Fact]
    public async Task A_check_in_reaches_the_dev_phone_delivered_and_the_reply_typed_there_answers_it()
    {
        var w = new SmsWorld(app);
        var day = w.NextDay();
        var (volunteerId, _) = await w.PersonAsync("手机志愿", "volunteer");
        var (retireeId, phone) = await w.RetireeAsync("手机老人", [volunteerId]);
        await w.PlanAsync(retireeId);
        w.At(day, "09:00");
        await w.SweepAsync();
        Assert.Empty(await w.ThreadAsync(phone)); // queued, not sent: only the dispatcher sends
        await w.DispatchAsync();

        var admin = await w.AdminAsync();
        var got = await admin.GetAsync($"/api/dev/phone/{Uri.EscapeDataString(phone)}");
        Assert.True(got.StatusCode == HttpStatusCode.OK, await got.Content.ReadAsStringAsync());
        var view = await got.JsonAsync();
        var line = Assert.Single(view["lines"]!.AsArray())!;
        Assert.Equal("out", line["direction"]!.GetValue<string>());
        Assert.Equal("delivered", line["status"]!.GetValue<string>());
        Assert.Contains("手机老人", line["text"]!.GetValue<string>());
        var checkInId = CheckInStore.IdOf(CheckInStore.DayPartition(day), retireeId);
        Assert.Equal(SmsState.Delivered, (await w.MessageAsync($"checkin:{checkInId}")).State);
        Assert.Equal(Delivery.Delivered, (await w.Get<CheckInStore>().GetAsync(checkInId, CancellationToken.None))!.Value.CheckIn.Delivery);

        // The delivery report went as an SMSDeliveryReportReceived event through the queue, drained at once.
        Assert.Empty((await w.Get<QueueServiceClient>().GetQueueClient(w.Get<SmsEventsFunction>().QueueName).PeekMessagesAsync(32)).Value);

        var threads = await (await admin.GetAsync("/api/dev/phone")).JsonArrayAsync();
        Assert.Contains(threads, t => t!["number"]!.GetValue<string>() == phone);

        // Typed with a full-width digit, as old phones do.
        Assert.Equal("care", await admin.ReplyOnDevPhoneAsync(app, phone, "１"));
        Assert.Equal(2, (await w.ThreadAsync(phone)).Count);
        var checkIn = (await w.Get<CheckInStore>().GetAsync(checkInId, CancellationToken.None))!.Value.CheckIn;
        Assert.Equal(CheckInStatus.Answered, checkIn.Status);
        Assert.Equal(ReplyKind.Well, checkIn.Answer);
    }

    [Fact]
    public async Task Anything_else_lands_in_the_inbox_linked_to_the_retiree_and_unknown_numbers_are_kept()
    {
        var w = new SmsWorld(app);
        var (retireeId, phone) = await w.RetireeAsync("收件老人");
        var admin = await w.AdminAsync();
        Assert.Equal("inbox", await admin.ReplyOnDevPhoneAsync(app, phone, "下周三我去医院复查"));
        var stranger = CareWorld.NewPhone();
        Assert.Equal("inbox", await admin.ReplyOnDevPhoneAsync(app, stranger, "你好，请问是哪里？"));

        var items = await w.Get<InboxStore>().ListAsync(true, 100, CancellationToken.None);
        var mine = Assert.Single(items, i => i.From == phone);
        Assert.Equal(retireeId, mine.RetireeId);
        Assert.Equal("收件老人", mine.RetireeName);
        Assert.Equal("下周三我去医院复查", mine.Text);
        var unknown = Assert.Single(items, i => i.From == stranger);
        Assert.Null(unknown.RetireeId);
        Assert.Equal(InboxFlag.None, unknown.Flag);
    }

    [Fact]
    public async Task An_unreachable_number_fails_delivery_and_the_check_in_goes_to_a_person_at_once()
    {
        var w = new SmsWorld(app);
        var day = w.NextDay();
        var (volunteerId, volunteerPhone) = await w.PersonAsync("送达志愿", "volunteer");
        var (retireeId, phone) = await w.RetireeAsync("送达老人", [volunteerId]);
        await w.PlanAsync(retireeId, "09:10");
        var admin = await w.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/dev/phone/{Uri.EscapeDataString(phone)}", new { reachable = false })).StatusCode);
        w.At(day, "09:10");
        await w.SweepAsync();
        await w.DispatchAsync();

        var checkInId = CheckInStore.IdOf(CheckInStore.DayPartition(day), retireeId);
        var message = await w.MessageAsync($"checkin:{checkInId}");
        Assert.Equal(SmsState.Failed, message.State);
        Assert.Equal("failed", Assert.Single(await w.OutAsync(phone)).Status);
        Assert.Equal(CheckInStatus.Undelivered, (await w.Get<CheckInStore>().GetAsync(checkInId, CancellationToken.None))!.Value.CheckIn.Status);
        // The undelivered-check-in alert to the volunteer is itself queued and sent.
        await w.DispatchAsync();
        Assert.Contains(CareTemplates.Texts[(CareTemplates.UndeliveredAlert, "zh-CN")][..6], Assert.Single(await w.OutAsync(volunteerPhone)).Text);
    }

    [Fact]
    public async Task A_reply_typed_on_the_dev_phone_goes_on_the_sms_events_queue_as_ACS_sends_it_and_reaches_the_inbound_path_once()
    {
        var w = new SmsWorld(app);
        var (retireeId, phone) = await w.RetireeAsync("队列老人");
        var function = w.Get<SmsEventsFunction>();
        var queue = w.Get<QueueServiceClient>().GetQueueClient(function.QueueName);
        var text = $"队列里的话 {Guid.NewGuid():N}";
        var id = await w.Get<DevPhone>().SendReplyAsync(phone, text, CancellationToken.None);

        // On the queue, as Event Grid writes it: one SMSReceived event that the SDK parses; not handled yet.
        var message = Assert.Single((await queue.PeekMessagesAsync(32)).Value, m => m.Body.ToString().Contains(id, StringComparison.Ordinal));
        var e = EventGridEvent.Parse(message.Body);
        Assert.Equal(SystemEventNames.AcsSmsReceived, e.EventType);
        Assert.Equal("/phonenumber/" + w.Get<SmsOptions>().From.TrimStart('+'), e.Subject);
        Assert.True(e.TryGetSystemEventData(out var data));
        var received = Assert.IsType<AcsSmsReceivedEventData>(data);
        Assert.Equal((id, phone, w.Get<SmsOptions>().From, text), (received.MessageId, received.From, received.To, received.Message));
        Assert.DoesNotContain(await w.Get<InboxStore>().ListAsync(true, 1000, CancellationToken.None), i => i.From == phone);

        // The standalone drain hands it to the inbound path; Event Grid delivering it again changes nothing.
        var drain = w.Get<QueueDrain>();
        Assert.True(await drain.DrainNowAsync(function, CancellationToken.None) >= 1);
        await queue.SendMessageAsync(message.Body.ToString());
        await drain.DrainNowAsync(function, CancellationToken.None);
        var item = Assert.Single(await w.Get<InboxStore>().ListAsync(true, 1000, CancellationToken.None), i => i.From == phone);
        Assert.Equal((retireeId, text), (item.RetireeId, item.Text));
        Assert.Equal("Inbox", await w.Get<InboxStore>().OutcomeAsync(id, CancellationToken.None));
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Sign_in_and_me_tell_staff_that_the_dev_phone_is_there_and_volunteers_that_it_is_not()
    {
        var signIn = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword });
        Assert.True((await signIn.JsonAsync())["devPhone"]!.GetValue<bool>());
        Assert.True((await (await (await app.AdminAsync()).GetAsync("/api/me")).JsonAsync())["devPhone"]!.GetValue<bool>());
        var (volunteer, _) = await app.SignInAsAsync("volunteer");
        Assert.False((await (await volunteer.GetAsync("/api/me")).JsonAsync())["devPhone"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync("/api/dev/phone")).StatusCode);
    }

    [Fact]
    public async Task A_bad_number_or_empty_reply_is_refused_naming_the_field()
    {
        var admin = await app.AdminAsync();
        var badNumber = await admin.PostAsJsonAsync("/api/dev/phone/12ab/reply", new { text = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.True((await badNumber.ErrorsAsync()).ContainsKey("number"));
        var empty = await admin.PostAsJsonAsync($"/api/dev/phone/{Uri.EscapeDataString(CareWorld.NewPhone())}/reply", new { text = "  " });
        Assert.True((await empty.ErrorsAsync()).ContainsKey("text"));
        var tooLong = await admin.PostAsJsonAsync($"/api/dev/phone/{Uri.EscapeDataString(CareWorld.NewPhone())}/reply", new { text = new string('a', 2049) });
        Assert.True((await tooLong.ErrorsAsync()).ContainsKey("text"));
    }
}

/// <summary>Outside Development the dev phone does not exist.</summary>
public class DevPhoneProductionTests(DevPhoneProductionTests.ProductionFactory app) : IClassFixture<DevPhoneProductionTests.ProductionFactory>
{
    public sealed class ProductionFactory : AppFactory
    {
        // Outside Development a real gateway must be named, or the app does not start (GatewayChoiceTests).
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Sms:Gateway"] = "acs", ["Acs:ConnectionString"] = $"endpoint=https://acs.invalid/;accesskey={Convert.ToBase64String(new byte[32])}",
        };
        // Production cookies are Secure only: the client must speak https to send them back.
        public ProductionFactory() => ClientOptions.BaseAddress = new Uri("https://localhost");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    [Fact]
    public async Task The_dev_phone_is_404_unless_the_app_runs_in_development()
    {
        var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/dev/phone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/dev/phone/{Uri.EscapeDataString(CareWorld.NewPhone())}/reply", new { text = "1" })).StatusCode);
        // The dashboard learns it from the sign-in, not by probing the route.
        Assert.False((await (await admin.GetAsync("/api/me")).JsonAsync())["devPhone"]!.GetValue<bool>());
    }
}
