using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Sms;
using Afterglow.Domain.Events;

namespace Afterglow.App.Events;

/// <summary>
/// Every five minutes, for the events still to come (this year's and next year's index, a few dozen rows): the
/// day-before reminder to everyone with a place, from Events:ReminderAt in office time (the outbox holds it past
/// quiet hours); and what a crash left undone — invitations not all queued, SMS marked on a row but not queued,
/// places freed but not yet given to the waiting list. Every step is keyed, so a run repeated changes nothing.
/// </summary>
public sealed class EventReminders(
    EventStore store, EventInvitations invitations, EventSignUps signUps, SmsOutbox outbox, SmsTemplates templates, OfficeClock clock, EventsOptions options,
    ILogger<EventReminders> log) : ITimerJob
{
    public static string FunctionName => "EventReminders";

    public static string KeyOf(string eventId, string retireeId) => $"event:{eventId}:{retireeId}:reminder";

    /// <summary>When the reminder for an event is due: the day before, at the configured office time.</summary>
    public DateTimeOffset ReminderDue(Event e) => clock.ToUtc(DateOnly.FromDateTime(clock.ToLocal(e.StartsAt).DateTime).AddDays(-1), options.ReminderTime);

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var year = clock.LocalNow.Year;
        var live = (await store.ListYearAsync(year, ct)).Concat(await store.ListYearAsync(year + 1, ct))
            .Where(e => e.State == EventState.Open && e.StartsAt > now).ToList();
        var reminded = 0;
        foreach (var e in live)
        {
            if (!e.InvitesQueued) await invitations.InviteAsync(e.Id, ct);
            foreach (var (a, _) in await store.WithNoticeAsync(e.Id, ct)) await signUps.DeliverAsync(e.Id, a, ct);
            await signUps.FillFreedPlacesAsync(e.Id, ct);
            if (!e.Reminded && now >= ReminderDue(e)) reminded += await RemindAsync(e.Id, ct);
        }
        log.LogInformation("Events: {Live} to come, {Reminded} reminders queued", live.Count, reminded);
        return $"{live.Count} events to come; {reminded} reminders queued.";
    }

    /// <summary>One reminder to each person with a place (keyed, so twice is once), then the event is marked reminded.</summary>
    private async Task<int> RemindAsync(string eventId, CancellationToken ct)
    {
        if (await store.GetAsync(eventId, ct) is not var (e, _)) return 0;
        var template = (await templates.GetAsync(EventTemplates.Reminder, ct))!;
        var messages = (await store.AttendeesAsync(eventId, ct)).Select(x => x.Attendee).Where(a => a.State == AttendeeState.Joined)
            .SelectMany(a => outbox.PrepareAll(new OutgoingSms(a.Mobile, template.Id, signUps.Parameters(e, a), a.Language, SmsPurpose.Notice,
                KeyOf(eventId, a.RetireeId), $"event {eventId}", RetireeId: a.RetireeId), template)).ToList();
        var added = await outbox.QueueManyAsync(messages, ct);
        await Storage.Optimistic.RetryAsync<bool>($"Event {eventId}", async token =>
        {
            if (await store.GetAsync(eventId, token) is not var (current, etag)) return (true, false);
            return (current.Reminded || await store.TrySaveAsync(current with { Reminded = true }, current, etag, token), true);
        }, ct);
        return added;
    }
}
