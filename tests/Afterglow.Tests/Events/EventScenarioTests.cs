using Afterglow.App.Events;
using Afterglow.App.Sms;
using Afterglow.Domain.Events;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Events;

/// <summary>The day-before reminder and the waiting list over days, on the fake clock (the app starts 2026-11-22 10:00 office time).</summary>
public class EventScenarioTests(AppFactory app) : AppTests(app)
{
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    [Fact]
    public async Task The_reminder_goes_once_the_day_before_to_those_with_a_place_and_a_freed_place_is_filled_and_told()
    {
        var w = new EventWorld(App);
        var a = await w.RetireeAsync("提醒甲");
        var b = await w.RetireeAsync("提醒乙");
        var c = await w.RetireeAsync("提醒丙");
        var (id, code) = await w.InvitedEventAsync(capacity: 1, date: "2026-11-24", time: "09:00");
        await w.ReplyAsync(a.Phone, "1");
        await w.ReplyAsync(b.Phone, "1");
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await w.ReplyAsync(c.Phone, "1");

        App.Clock.SetUtcNow(Local(23, 9, 55));
        await w.RunRemindersAsync();
        Assert.Null(await w.SmsAsync(EventReminders.KeyOf(id, a.Id)));

        App.Clock.SetUtcNow(Local(23, 10, 0));
        await w.RunRemindersAsync();
        var reminder = (await w.SmsAsync(EventReminders.KeyOf(id, a.Id)))!;
        Assert.Contains("明天09:00", reminder.Text);
        Assert.Contains($"0 {code}", reminder.Text);
        Assert.Equal(Local(23, 10, 0), reminder.NotBefore);
        Assert.Null(await w.SmsAsync(EventReminders.KeyOf(id, b.Id))); // waiting: no place to be reminded of
        Assert.True((await w.GetEventAsync(id))["state"]!.GetValue<string>() == "open");
        await w.RunRemindersAsync();
        Assert.Single(await w.EventSmsAsync(id, a.Id), m => m.TemplateId == EventTemplates.Reminder);

        // The evening before, A cannot come: B (waiting longest) gets the place and is told, C stays second.
        App.Clock.SetUtcNow(Local(23, 18, 0));
        await w.ReplyAsync(a.Phone, "0");
        var list = await w.AttendeesAsync(id);
        Assert.Equal("joined", list[b.Id]["state"]!.GetValue<string>());
        Assert.Equal("waiting", list[c.Id]["state"]!.GetValue<string>());
        Assert.Equal(1, list[c.Id]["waitingPosition"]!.GetValue<int>());
        var freed = Assert.Single(await w.EventSmsAsync(id, b.Id), m => m.TemplateId == EventTemplates.PlaceFreed);
        Assert.Contains("11月24日 09:00", freed.Text);

        // After the start nothing more is sent, and answers are no longer taken.
        App.Clock.SetUtcNow(Local(24, 9, 1));
        Assert.NotEqual(InboundOutcome.SignUp, await w.ReplyAsync(c.Phone, "0"));
        Assert.Equal("waiting", await w.StateOf(id, c.Id));
    }

    [Fact]
    public async Task An_sms_a_crash_left_unqueued_is_sent_by_the_next_timer_run_once()
    {
        var w = new EventWorld(App);
        var a = await w.RetireeAsync("崩溃恢复");
        var (id, _) = await w.InvitedEventAsync(capacity: 3, date: "2026-12-15");
        var store = App.Services.GetRequiredService<EventStore>();
        // The sign-up committed (row marked with its SMS), then the process died before queuing it.
        var (e, etag) = (await store.GetAsync(id, CancellationToken.None))!.Value;
        var (row, rowTag) = (await store.GetAttendeeAsync(id, a.Id, CancellationToken.None))!.Value;
        var joined = row with { State = AttendeeState.Joined, AnsweredBy = "sms", Version = row.Version + 1, Notice = EventTemplates.Joined };
        Assert.True(await store.TryCommitAsync(e with { Joined = 1 }, etag, [(joined, rowTag)], CancellationToken.None));
        Assert.Null(await w.SmsAsync($"event:{id}:{a.Id}:v{joined.Version}"));

        await w.RunRemindersAsync();
        await w.RunRemindersAsync();
        Assert.Equal(EventTemplates.Joined, (await w.SmsAsync($"event:{id}:{a.Id}:v{joined.Version}"))!.TemplateId);
        Assert.Empty(await store.WithNoticeAsync(id, CancellationToken.None));
        Assert.Single(await w.EventSmsAsync(id, a.Id), m => m.TemplateId == EventTemplates.Joined);
    }
}

/// <summary>A reminder hour inside quiet hours: the outbox holds it until they end.</summary>
public class EventQuietHoursTests(EventQuietHoursTests.Factory app) : IClassFixture<EventQuietHoursTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Events:ReminderAt"] = "22:00" };
    }

    [Fact]
    public async Task A_reminder_due_at_night_waits_for_the_morning()
    {
        var w = new EventWorld(app);
        var a = await w.RetireeAsync("夜间提醒");
        var (id, _) = await w.InvitedEventAsync(capacity: 3, date: "2026-11-24", time: "15:00");
        await w.ReplyAsync(a.Phone, "1");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 22, 5, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        await w.RunRemindersAsync();
        var reminder = (await w.SmsAsync(EventReminders.KeyOf(id, a.Id)))!;
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(8)), reminder.NotBefore);
    }
}
