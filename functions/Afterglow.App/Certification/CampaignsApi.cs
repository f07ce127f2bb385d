using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Certification;

/// <summary>
/// Pension qualification certification (养老金资格认证; issue 17): staff open a year's campaign for a segment, send
/// reminder rounds, mark who is done and export who is missing (<see cref="CertifyingApi"/>). A volunteer sees only their
/// paired retirees' certification and the home visits they need.
/// </summary>
public static class CampaignsApi
{
    public const int MaxText = 200;
    public const string DefaultHowText = "可通过手机人脸识别自助认证，或携带身份证到离退休处办理；行动不便请来电预约上门认证。";
    public const string DefaultElsewhereText = "可通过手机人脸识别认证，或到居住地社保经办机构办理，办理后请告知我们。";

    public static void MapCertification(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/certification").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListAsync);
        group.MapPost("", CreateAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/refresh", RefreshAsync);
        group.MapPost("/{id}/remind", RemindAsync);
        routes.MapCertifying();
    }

    private static async Task<Results<Ok<List<CampaignView>>, ValidationProblem>> ListAsync(int? year, CertificationStore store, CertificationDesk desk, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["A year from 2000 to 2100."] });
        var list = new List<CampaignView>();
        foreach (var c in await store.ListAsync(ct))
            if (year is null || c.Year == year) list.Add(await desk.ViewAsync(c, ct));
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem>> CreateAsync(
        CampaignInput body, CertificationStore store, CertificationDesk desk, BroadcastStore segments, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var today = clock.Today;
        if (body.Year is not { } year) errors.Add("year", "The year being certified.");
        else if (year < today.Year - 1 || year > today.Year + 1) errors.Add("year", $"From {today.Year - 1} to {today.Year + 1}.");
        if (body.Deadline is not { } deadline) errors.Add("deadline", "The day by which everyone must have certified.");
        else if (deadline < today) errors.Add("deadline", "Not in the past.");
        else if (body.Year is { } y && (deadline.Year < y || deadline.Year > y + 1)) errors.Add("deadline", "In the year being certified or the next.");
        var how = Text(body.HowText, DefaultHowText, "howText", errors);
        var elsewhere = Text(body.ElsewhereText, DefaultElsewhereText, "elsewhereText", errors);
        // Who must certify: a saved segment, a filter, or (neither) everyone alive, on an SMS plan or not.
        var filter = body.Filter ?? new RetireeFilter();
        if (body.SegmentId is { } segmentId)
        {
            if ((await segments.GetSegmentAsync(segmentId, ct))?.Filter is { } saved) filter = saved;
            else errors.Add("segmentId", "No such segment.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var caller = Caller.From(http.User);
        var c = new Campaign
        {
            Id = CertificationStore.NewId(), Year = body.Year!.Value, Deadline = body.Deadline!.Value, SegmentId = body.SegmentId, Filter = filter,
            HowText = how, ElsewhereText = elsewhere, CreatedBy = caller.Email, CreatedAt = clock.UtcNow,
        };
        await store.AddAsync(c, ct);
        var added = await desk.AddMembersAsync(c, caller.Name, ct);
        await audit.RecordAsync(caller, "certification.create", null, $"Opened the {c.Year} certification {c.Id} (deadline {c.Deadline:yyyy-MM-dd}) for {added} retirees", ct);
        return TypedResults.Created($"/api/certification/{c.Id}", await desk.ViewAsync(c, ct));
    }

    private static string Text(string? text, string fallback, string field, FieldErrors errors)
    {
        var value = string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();
        if (value.Length > MaxText) errors.Add(field, $"At most {MaxText} characters.");
        return value;
    }

    private static async Task<Results<Ok<CampaignView>, NotFound>> GetAsync(string id, CertificationStore store, CertificationDesk desk, CancellationToken ct) =>
        await store.GetAsync(id, ct) is var (c, _) ? TypedResults.Ok(await desk.ViewAsync(c, ct)) : TypedResults.NotFound();

    public sealed record RefreshResult(int Added, CampaignView Campaign);

    /// <summary>Adds those the segment names now and who are not in the campaign yet (new records, a crash part way through opening).</summary>
    private static async Task<Results<Ok<RefreshResult>, NotFound>> RefreshAsync(
        string id, CertificationStore store, CertificationDesk desk, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (c, _)) return TypedResults.NotFound();
        var caller = Caller.From(http.User);
        var added = await desk.AddMembersAsync(c, caller.Name, ct);
        if (added > 0) await audit.RecordAsync(caller, "certification.refresh", null, $"Added {added} retirees to the {c.Year} certification {id}", ct);
        return TypedResults.Ok(new RefreshResult(added, await desk.ViewAsync(c, ct)));
    }

    private static async Task<Results<Ok<RemindResult>, NotFound>> RemindAsync(
        string id, CertificationStore store, CertificationDesk desk, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (await desk.RemindAsync(id, caller.Name, ct) is not var (queued, notBySms)) return TypedResults.NotFound();
        var c = (await store.GetAsync(id, ct))!.Value.Campaign;
        await audit.RecordAsync(caller, "certification.remind", null, $"Reminder round {c.Rounds} of the {c.Year} certification {id}: {queued} SMS, {notBySms} not reachable by SMS", ct);
        return TypedResults.Ok(new RemindResult(queued, notBySms, await desk.ViewAsync(c, ct)));
    }
}
