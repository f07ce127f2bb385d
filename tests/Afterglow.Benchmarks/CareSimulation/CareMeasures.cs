using Afterglow.App.CheckIns;
using Afterglow.App.People;
using Afterglow.Domain.CheckIns;

namespace Afterglow.Benchmarks.CareSimulation;

public sealed record CareLoad(int FalseAlarms, int Alerts, string AlertsByKind, int CallBacks, int CallTasks, string AlertsByRole, string AlertsByCause, int NeedlessAlerts, string MissedIncidents);

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
        var cause = new Dictionary<string, string>();
        int missed = 0, missedToPerson = 0, missedBeyondVolunteer = 0;
        foreach (var summary in all)
        {
            var incident = (await incidents.GetAsync(summary.Id, ct))!.Value.Incident;
            var real = silentAt.TryGetValue(incident.RetireeId, out var silentThen) && silentThen(incident.Since + TimeSpan.FromMinutes(1));
            // Why the alert went out, as the office learns afterwards: a real need (help, a real silence), or a retiree who was fine.
            cause[incident.Id] = incident.Kind == IncidentKind.Help ? "help" : real ? "real silence" : $"{incident.Kind} (retiree fine)";
            if (incident.Kind == IncidentKind.Missed && !real)
            {
                missed++;
                if (incident.Steps.Any(s => s.Recipients.Any(r => r.Role != RecipientRole.Retiree))) missedToPerson++;
                if (incident.Steps.Any(s => s.Target is EscalationTarget.LiaisonAndDuty or EscalationTarget.EmergencyContacts or EscalationTarget.OnSiteVisit)) missedBeyondVolunteer++;
            }
            if (incident.Kind == IncidentKind.Help) continue;
            var reached = incident.Steps.Where(s => s.Recipients.Any(r => r.Role != RecipientRole.Retiree)).Select(s => (DateTimeOffset?)s.StartedAt).FirstOrDefault();
            if (reached is null || incident.CheckInId is null) continue;
            var checkIn = (await checkIns.GetAsync(incident.CheckInId, ct))?.CheckIn;
            var replied = checkIn?.AnsweredAt is { } at && at < reached && checkIn.Answer != ReplyKind.Help;
            if (replied && !(silentAt.TryGetValue(incident.RetireeId, out var silent) && silent(reached.Value))) falseAlarms++;
        }
        var alerts = sent.Where(m => AlertTemplates.Contains(m.TemplateId) && roleOf.ContainsKey(m.To)).ToList();
        var byKind = string.Join(", ", alerts.GroupBy(m => m.TemplateId).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}"));
        var byRole = string.Join(", ", alerts.GroupBy(m => roleOf[m.To]).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}"));
        // Escalation keys are esc:{incident}:{step}:{phone}.
        string CauseOf(CareMessage m) => m.Key.Split(':') is [_, var id, ..] && cause.TryGetValue(id, out var c) ? c : "other";
        var byCause = alerts.GroupBy(CauseOf).OrderByDescending(g => g.Count()).ToList();
        var needless = alerts.Count(m => CauseOf(m).EndsWith("(retiree fine)", StringComparison.Ordinal));
        return new CareLoad(falseAlarms, alerts.Count, byKind, sent.Count(m => m.TemplateId == CareTemplates.CallBack), sent.Count(m => m.TemplateId == CareTemplates.CallTask),
            byRole, string.Join(", ", byCause.Select(g => $"{g.Key} {g.Count():N0}")), needless,
            $"{missed:N0} missed check-in incidents with the retiree fine: {missedToPerson:N0} reached a person, {missedBeyondVolunteer:N0} went beyond the volunteer");
    }
}
