using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Greetings;

/// <summary>
/// Each morning: a birthday greeting (生日祝福) to every retiree whose birthday it is in office time, held in the
/// outbox until 09:00. The key (retiree + year) makes a second run or a second instance a no-op. A skipped day
/// is not caught up: a greeting a day late is worse than none. The outbox drops it if the person has died or
/// opted out by the time it is sent.
/// </summary>
public sealed class BirthdayGreetings(RegistryIndex index, SmsOutbox outbox, OfficeClock clock, OfficeProfile options, ILogger<BirthdayGreetings> log) : ITimerJob
{
    public static string FunctionName => "BirthdayGreetings";
    public static readonly TimeOnly SendAt = new(9, 0);

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var today = clock.Today;
        var office = options.Name;
        var due = index.All
            .Where(s => s.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived) && s.SmsConsent && SmsOutbox.IsE164(s.Mobile))
            .Where(s => Birthdays.IsBirthday(s.BirthDate, today))
            .ToList();
        foreach (var s in due)
        {
            var parameters = new Dictionary<string, string>
            {
                ["name"] = s.Name, ["age"] = RiskAssessment.AgeOn(s.BirthDate, today).ToString(System.Globalization.CultureInfo.InvariantCulture), ["office"] = office,
            };
            await outbox.QueueAsync(new OutgoingSms(s.Mobile, SmsTemplates.Birthday, parameters, s.Language, SmsPurpose.Greeting,
                $"greeting:birthday:{today.Year}:{s.Id}", "birthday", RetireeId: s.Id, NotBefore: clock.ToUtc(today, SendAt)), ct);
        }
        log.LogInformation("Birthday greetings: {Count} queued for {Day}", due.Count, today);
        return $"Queued {due.Count} birthday greetings for {today:yyyy-MM-dd}.";
    }
}
