using System.Globalization;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.CheckIns;

public sealed record CarePauseInput(DateOnly? Until, string? Reason);

public sealed record CarePlanInput(
    Cadence? Cadence, string? At, IReadOnlyList<DayOfWeek>? SkipDays, CarePauseInput? Pause, IReadOnlyList<string>? EscalateTo,
    int? AnswerWindowMinutes, bool? Active, IReadOnlyList<string>? ReassuranceContacts, CareChannel? Channel = null);

public sealed record ContactView(string Name, string? Relation, string Phone, ConsentState? Consent, bool Reassurance);

/// <summary>A plan as the dashboard shows it: stored or (not yet stored) derived from the tier, with the next check-in in office time.</summary>
public sealed record CarePlanView(CarePlan Plan, bool Stored, DateTimeOffset? NextDueLocal, IReadOnlyList<ContactView> Contacts);

/// <summary>Care plans: derived from the risk tier, adjusted by coordinators.</summary>
public static class CarePlansApi
{
    public static RouteGroupBuilder MapCarePlans(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/careplans").RequireAuthorization(Policies.Staff);
        group.MapGet("/{retireeId}", GetAsync);
        group.MapPut("/{retireeId}", SaveAsync);
        return group;
    }

    private static async Task<Results<Ok<CarePlanView>, NotFound>> GetAsync(
        string retireeId, RetireeStore retirees, CarePlanStore plans, OfficeClock clock, CancellationToken ct)
    {
        if ((await retirees.GetAsync(retireeId, ct))?.Retiree is not { } retiree) return TypedResults.NotFound();
        var stored = await plans.GetAsync(retireeId, ct);
        var plan = stored?.Plan ?? CarePlans.Derive(retireeId, retiree.Tier, retiree.Profile.PreferredCheckInTime, clock.Today, !string.IsNullOrEmpty(retiree.Profile.Mobile));
        return TypedResults.Ok(await ViewAsync(plan, stored is not null, retiree, plans, clock, ct));
    }

    private static async Task<CarePlanView> ViewAsync(CarePlan plan, bool stored, Domain.Registry.Retiree retiree, CarePlanStore plans, OfficeClock clock, CancellationToken ct)
    {
        var contacts = new List<ContactView>();
        foreach (var c in retiree.Profile.EmergencyContacts)
        {
            var consent = (await plans.GetConsentAsync(c.Phone, retiree.Id, ct))?.Consent;
            contacts.Add(new ContactView(c.Name, c.Relation, c.Phone, consent?.State, consent?.Reassurance ?? false));
        }
        var next = plan.NextDueUtc ?? (stored ? null : CheckInSchedule.NextDueUtc(plan, clock.UtcNow, clock.Zone));
        return new CarePlanView(plan, stored, next is { } n ? clock.ToLocal(n) : null, contacts);
    }

    private static async Task<Results<Ok<CarePlanView>, NotFound, ValidationProblem>> SaveAsync(
        string retireeId, CarePlanInput body, RetireeStore retirees, CarePlanStore plans, CarePlanner planner, PersonStore people,
        CareFamilyNotes family, Sms.OutboxStore outbox, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if ((await retirees.GetAsync(retireeId, ct))?.Retiree is not { } retiree) return TypedResults.NotFound();
        var errors = new FieldErrors();
        if (body.Channel == CareChannel.Sms && string.IsNullOrEmpty(retiree.Profile.Mobile)) errors.Add("channel", "No mobile number: check-ins can only go by phone call.");
        else if (body.Channel == CareChannel.Sms && (await outbox.OptedOutAsync(ct)).Contains(retiree.Profile.Mobile))
            errors.Add("channel", "This number replied STOP: it gets no SMS until they reply START.");
        if (body.Cadence is null) errors.Add("cadence", "One of daily, everyTwoDays, twiceWeekly, weekly, none.");
        TimeOnly at = default;
        if (body.At is null || !TimeOnly.TryParseExact(body.At, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
            errors.Add("at", "A time of day as HH:mm.");
        else if (at < CarePlans.Earliest || at > CarePlans.Latest)
            errors.Add("at", $"Between {CarePlans.Earliest:HH:mm} and {CarePlans.Latest:HH:mm}: a later check-in would escalate to people at night.");
        var window = body.AnswerWindowMinutes ?? CarePlans.DefaultAnswerWindowMinutes;
        if (window is < 30 or > 6 * 60) errors.Add("answerWindowMinutes", "Between 30 and 360 minutes.");
        if (body.SkipDays is { Count: > 6 }) errors.Add("skipDays", "Leave at least one day of the week.");
        CarePause? pause = null;
        if (body.Pause is { } p)
        {
            if (p.Until is not { } until || until < clock.Today || until > clock.Today.AddYears(1)) errors.Add("pause.until", "A date from today to a year ahead.");
            if (string.IsNullOrWhiteSpace(p.Reason) || p.Reason.Trim().Length > 100) errors.Add("pause.reason", "Say why in up to 100 characters (住院, travelling…).");
            if (!errors.Any) pause = new CarePause(p.Until!.Value, p.Reason!.Trim(), clock.Today);
        }
        var escalateTo = body.EscalateTo ?? [];
        if (escalateTo.Count > 5) errors.Add("escalateTo", "At most 5 people.");
        for (var i = 0; i < escalateTo.Count; i++)
            if (await people.GetAsync(escalateTo[i], ct) is null) errors.Add($"escalateTo[{i}]", "No person with this id.");
        var reassurance = body.ReassuranceContacts ?? [];
        for (var i = 0; i < reassurance.Count; i++)
            if (!retiree.Profile.EmergencyContacts.Any(c => c.Phone == reassurance[i])) errors.Add($"reassuranceContacts[{i}]", "Not one of this retiree's emergency contacts.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var active = body.Active ?? true;
        var stop = CarePlans.StopReasonFor(retiree.Profile.Status, retiree.Profile.SmsConsent);
        var saved = await planner.UpdateAsync(retireeId, current => new CarePlan
        {
            RetireeId = retireeId,
            Cadence = body.Cadence!.Value,
            At = at,
            SkipDays = body.SkipDays?.Distinct().ToList() ?? [],
            Pause = pause,
            EscalateTo = escalateTo,
            AnswerWindowMinutes = window,
            // Keep the cadence's rhythm unless the cadence itself changes.
            Anchor = current is not null && current.Cadence == body.Cadence ? current.Anchor : clock.Today,
            Custom = true,
            State = active && stop is null ? PlanState.Active : PlanState.Stopped,
            StopReason = !active ? "manual" : stop,
            // The channel stays as STOP, a failing number or the registry left it unless the coordinator chooses one.
            Channel = body.Channel ?? current?.Channel ?? (string.IsNullOrEmpty(retiree.Profile.Mobile) ? CareChannel.Call : CareChannel.Sms),
            ChannelReason = body.Channel is { } chosen && chosen != current?.Channel ? (chosen == CareChannel.Call ? ChannelReasons.Coordinator : null)
                : body.Channel == CareChannel.Sms ? null : current?.ChannelReason ?? (string.IsNullOrEmpty(retiree.Profile.Mobile) ? ChannelReasons.Landline : null),
            UndeliveredInARow = body.Channel == CareChannel.Sms ? 0 : current?.UndeliveredInARow ?? 0,
        }, ct);

        foreach (var c in retiree.Profile.EmergencyContacts)
            if (await plans.GetConsentAsync(c.Phone, retireeId, ct) is { } consent && consent.Consent.Reassurance != reassurance.Contains(c.Phone))
                await plans.SaveConsentAsync(consent.Consent with { Reassurance = reassurance.Contains(c.Phone) }, ct);
        await family.AskConsentAsync(retiree, ct);
        await audit.RecordAsync(Caller.From(http.User), "careplan.update", retireeId,
            $"Care plan: {saved.Cadence} at {saved.At:HH:mm} by {saved.Channel}{(saved.Pause is { } sp ? $", paused until {sp.Until:yyyy-MM-dd} ({sp.Reason})" : "")}{(saved.State == PlanState.Stopped ? $", stopped ({saved.StopReason})" : "")}", ct);
        return TypedResults.Ok(await ViewAsync(saved, true, retiree, plans, clock, ct));
    }
}
