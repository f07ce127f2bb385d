using Afterglow.App.CheckIns;
using Afterglow.App.People;
using Afterglow.Domain.CheckIns;

namespace Afterglow.Benchmarks.CareSimulation;

public sealed record CareLoad(int FalseAlarms, int Alerts, string AlertsByKind, int CallBacks, int CallTasks);

/// <summary>
/// Issue 10's measures. A false alarm: an incident whose ladder reached a volunteer or anyone beyond after the
/// retiree had answered the check-in it is about. Alert load: alarm SMS to volunteers, liaisons and
/// coordinators (not family, not the retiree's reminder, not call-backs or call tasks, which are planned work).
/// </summary>
public static class CareMeasures
{
    private static readonly HashSet<string> AlertTemplates =
        [CareTemplates.Alert, CareTemplates.HelpAlert, CareTemplates.UndeliveredAlert, CareTemplates.Visit, CareTemplates.AckReminder];

    public static async Task<CareLoad> MeasureAsync(IReadOnlyList<IncidentSummary> all, IncidentStore incidents, CheckInStore checkIns,
        IReadOnlyDictionary<string, Func<DateTimeOffset, bool>> silentAt, IReadOnlyList<CareMessage> sent, IReadOnlyDictionary<string, PersonRole> roleOf, CancellationToken ct)
    {
        var falseAlarms = 0;
        foreach (var summary in all.Where(s => s.Kind != IncidentKind.Help))
        {
            var incident = (await incidents.GetAsync(summary.Id, ct))!.Value.Incident;
            var reached = incident.Steps.Where(s => s.Recipients.Any(r => r.Role != RecipientRole.Retiree)).Select(s => (DateTimeOffset?)s.StartedAt).FirstOrDefault();
            if (reached is null || incident.CheckInId is null) continue;
            var checkIn = (await checkIns.GetAsync(incident.CheckInId, ct))?.CheckIn;
            var replied = checkIn?.AnsweredAt is { } at && at < reached && checkIn.Answer != ReplyKind.Help;
            if (replied && !(silentAt.TryGetValue(incident.RetireeId, out var silent) && silent(reached.Value))) falseAlarms++;
        }
        var alerts = sent.Where(m => AlertTemplates.Contains(m.TemplateId) && roleOf.ContainsKey(m.To)).ToList();
        var byKind = string.Join(", ", alerts.GroupBy(m => m.TemplateId).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}"));
        return new CareLoad(falseAlarms, alerts.Count, byKind, sent.Count(m => m.TemplateId == CareTemplates.CallBack), sent.Count(m => m.TemplateId == CareTemplates.CallTask));
    }
}
