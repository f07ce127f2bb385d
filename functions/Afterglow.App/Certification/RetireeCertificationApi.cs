using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.Domain.Certification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Certification;

/// <summary>A home visit a campaign needs: the retiree cannot go out, so someone certifies them at home.</summary>
public sealed record CertificationVisitView(string CampaignId, int Year, DateOnly Deadline, int DaysLeft, string RetireeId, string Name, string Mobile,
    string? Area, string? Unit);

/// <summary>
/// Certification on a retiree's page and the home visits it asks for. Whoever may see the retiree reads it (a volunteer:
/// their paired retirees; others are 404); the visit list is filtered the same way, and a volunteer who certified a paired
/// retiree at home marks it done (logged as a visit).
/// </summary>
public static class RetireeCertificationApi
{
    public static async Task<Results<Ok<List<RetireeCertificationView>>, NotFound>> RetireeAsync(
        string id, RetireeStore retirees, CertificationStore store, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var found = await retirees.GetAsync(id, ct);
        if (found is null || !RetireesApi.MaySee(Caller.From(http.User), found.Value.Retiree)) return TypedResults.NotFound();
        var list = new List<RetireeCertificationView>();
        foreach (var campaignId in await store.CampaignsOfAsync(id, ct))
        {
            if (await store.GetAsync(campaignId, ct) is not var (c, _) || await store.GetRowAsync(campaignId, id, ct) is not var (row, _)) continue;
            list.Add(new(c.Id, c.Year, c.Deadline, CertificationRules.DaysLeft(c.Deadline, clock.Today), row.State, row.How, row.DoneAt, row.Lines));
        }
        return TypedResults.Ok(list.OrderByDescending(v => v.Deadline).ToList());
    }

    /// <summary>Everyone waiting for a home visit in a campaign whose deadline is not more than a month past; the soonest deadline first.</summary>
    public static async Task<Ok<List<CertificationVisitView>>> VisitsAsync(CertificationStore store, CertificationDesk desk, OfficeClock clock, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var today = clock.Today;
        var list = new List<CertificationVisitView>();
        foreach (var c in (await store.ListAsync(ct)).Where(c => c.Deadline >= today.AddDays(-31)))
            foreach (var (row, _, s) in await desk.AliveAsync(c.Id, ct))
                if (row.State == CertificationState.HomeVisit && caller.MaySee(s.VolunteerIds))
                    list.Add(new(c.Id, c.Year, c.Deadline, CertificationRules.DaysLeft(c.Deadline, today), s.Id, s.Name, s.Mobile, s.Area, s.Unit));
        return TypedResults.Ok(list.OrderBy(v => v.Deadline).ThenBy(v => v.Name, RetireesApi.ByName.Value).ToList());
    }

    /// <summary>Certified at home (by whoever may see the retiree): done by home visit, and a visit in the log.</summary>
    public static async Task<Results<Ok<RetireeCertificationView>, NotFound, ValidationProblem, ProblemHttpResult>> VisitDoneAsync(
        string id, VisitDoneInput body, RetireeStore retirees, CertificationStore store, CertificationDesk desk, OfficeClock clock, AuditLog audit,
        HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        // Scope before validation: someone else's retiree is a 404 whatever the body says.
        var found = await retirees.GetAsync(id, ct);
        if (found is null || !RetireesApi.MaySee(caller, found.Value.Retiree)) return TypedResults.NotFound();
        var errors = new FieldErrors();
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        if (note?.Length > CertifyingApi.MaxNote) errors.Add("note", $"At most {CertifyingApi.MaxNote} characters.");
        Campaign? c = null;
        if (string.IsNullOrWhiteSpace(body.CampaignId)) errors.Add("campaignId", "Which campaign the visit certified.");
        else if (await store.GetAsync(body.CampaignId.Trim(), ct) is not var (campaign, _) || await store.GetRowAsync(campaign.Id, id, ct) is null)
            errors.Add("campaignId", "This retiree is not in that campaign.");
        else c = campaign;
        if (errors.Any || c is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (found.Value.Retiree.Profile.Status is Domain.Registry.RetireeStatus.Deceased or Domain.Registry.RetireeStatus.Archived)
            return TypedResults.Problem(statusCode: 409, title: "This retiree has left the campaign.", detail: "The record is deceased or archived.");
        var (row, changed) = (await desk.MarkAsync(c, id, CertificationState.Done, CertifiedHow.HomeVisit, note, caller, ct))!.Value;
        if (changed) await audit.RecordAsync(caller, "certification.visit", id, $"{c.Year} certification: done on a home visit", ct);
        return TypedResults.Ok(new RetireeCertificationView(c.Id, c.Year, c.Deadline, CertificationRules.DaysLeft(c.Deadline, clock.Today), row.State, row.How, row.DoneAt, row.Lines));
    }
}
