using System.Text;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Problems;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.App.Sms.China;
using Afterglow.Domain.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Messages;

public sealed record BroadcastInput(string? Name, string? TemplateId, Dictionary<string, string>? Parameters, string? SegmentId, RetireeFilter? Filter, DateTimeOffset? SendAt, bool? CollectAnswers);
public sealed record ApprovalRuleInput(bool? DrafterMayApprove);
/// <summary>Tally: messages by state; Answers: how many answered each choice (the answer as typed, trimmed, half-width, upper case).</summary>
public sealed record BroadcastDetail(Broadcast Broadcast, IReadOnlyDictionary<SmsState, int> Tally, IReadOnlyDictionary<string, int> Answers);
public sealed record Preview(int Recipients, IReadOnlyList<Exclusion> Excluded, string Sample, SmsEncoding Encoding, int SegmentsPerMessage, decimal CostPerMessage, decimal TotalCost, string Currency);
public sealed record BroadcastRecipient(string To, string? RetireeId, SmsState State, string? Error, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt);

/// <summary>
/// Broadcasts: a template to a segment at a time; a preview of who gets it, who does not and why, and what it
/// costs; approval before it goes (and no edits after); progress per recipient; answers to export. Staff only.
/// </summary>
public static class BroadcastsApi
{
    public static RouteGroupBuilder MapBroadcasts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/broadcasts").RequireAuthorization(Policies.Staff);
        group.MapGet("", async (BroadcastStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        group.MapPost("", CreateAsync);
        group.MapGet("/approval-rule", async (BroadcastStore store, CancellationToken ct) => TypedResults.Ok(await store.GetApprovalRuleAsync(ct)));
        group.MapPut("/approval-rule", SaveApprovalRuleAsync).RequireAuthorization(Policies.Admin);
        group.MapGet("/{id}", GetAsync);
        group.MapPut("/{id}", UpdateAsync);
        group.MapGet("/{id}/preview", PreviewAsync);
        group.MapPost("/{id}/approve", ApproveAsync);
        group.MapPost("/{id}/cancel", CancelAsync);
        group.MapGet("/{id}/recipients", RecipientsAsync);
        group.MapGet("/{id}/answers", AnswersAsync);
        return group;
    }

    private static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(statusCode: 409, title: "The broadcast cannot change now.", detail: detail);

    /// <summary>Checks the input and builds the draft; the segment must reach someone and the template get every parameter.</summary>
    internal static async Task<(Broadcast? Draft, FieldErrors Errors)> ValidateAsync(
        BroadcastInput body, Broadcast? current, BroadcastStore store, BroadcastQueue queue, SmsTemplates templates, OfficeClock clock, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100) errors.Add("name", "Between 1 and 100 characters.");
        var template = body.TemplateId is null ? null : await templates.GetAsync(body.TemplateId, ct);
        if (template is null) errors.Add("templateId", "No such template.");
        if (body.SendAt is null) errors.Add("sendAt", "When to send it.");
        else if (body.SendAt < clock.UtcNow - TimeSpan.FromMinutes(5)) errors.Add("sendAt", "Not in the past.");
        RetireeFilter? filter = body.Filter;
        if (body.SegmentId is { } segmentId)
        {
            filter = (await store.GetSegmentAsync(segmentId, ct))?.Filter;
            if (filter is null) errors.Add("segmentId", "No such segment.");
        }
        else if (filter is null) errors.Add("filter", "A segment or a filter.");
        if (errors.Any) return (null, errors);

        var draft = new Broadcast
        {
            Id = current?.Id ?? "b" + Guid.NewGuid().ToString("N")[..12], Name = name, TemplateId = template!.Id, Parameters = body.Parameters ?? [],
            SegmentId = body.SegmentId, Filter = filter!, SendAt = body.SendAt!.Value, CollectAnswers = body.CollectAnswers ?? false,
            CreatedBy = current?.CreatedBy ?? caller.Email, CreatedAt = current?.CreatedAt ?? clock.UtcNow, UpdatedBy = caller.Email,
        };
        var audience = await queue.AudienceAsync(draft.Filter, ct);
        if (audience.Recipients.Count == 0) errors.Add(body.SegmentId is null ? "filter" : "segmentId", "This segment reaches no one.");
        foreach (var language in new[] { "zh-CN", "en" })
            foreach (var missing in TemplateText.Missing(template.TextFor(language), queue.ParametersFor(draft, audience.Recipients.FirstOrDefault())))
                if (!errors.All.Any(e => e.Field == $"parameters.{missing}")) errors.Add($"parameters.{missing}", "This parameter is needed.");
        return (errors.Any ? null : draft, errors);
    }

    private static async Task<Results<Created<Broadcast>, ValidationProblem>> CreateAsync(
        BroadcastInput body, BroadcastStore store, BroadcastQueue queue, SmsTemplates templates, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (draft, errors) = await ValidateAsync(body, null, store, queue, templates, clock, caller, ct);
        if (draft is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        await store.TrySaveAsync(draft, default, ct);
        await audit.RecordAsync(caller, "broadcast.create", null, $"Drafted broadcast {draft.Id} \"{draft.Name}\"", ct);
        return TypedResults.Created($"/api/broadcasts/{draft.Id}", draft);
    }

    private static async Task<Results<Ok<BroadcastDetail>, NotFound>> GetAsync(string id, BroadcastStore store, OutboxStore outbox, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (b, _)) return TypedResults.NotFound();
        var tally = Enum.GetValues<SmsState>().ToDictionary(s => s, _ => 0);
        var messages = outbox.ListPartitionAsync(OutboxStore.BroadcastPartition(id), ct);
        var answers = b.CollectAnswers ? store.AnswersAsync(id, ct) : Task.FromResult<IReadOnlyList<BroadcastAnswer>>([]);
        foreach (var (m, _) in await messages) tally[m.State]++;
        var choices = (await answers).GroupBy(a => Choice(a.Text)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return TypedResults.Ok(new BroadcastDetail(b, tally, choices));
    }

    private static async Task<Results<Ok<Broadcast>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, BroadcastInput body, BroadcastStore store, BroadcastQueue queue, SmsTemplates templates, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (current, etag)) return TypedResults.NotFound();
        if (current.State != BroadcastState.Draft) return Conflict($"It is {current.State.ToString().ToLowerInvariant()}: only a draft can be edited. Cancel it and draft a new one.");
        var caller = Caller.From(http.User);
        var (draft, errors) = await ValidateAsync(body, current, store, queue, templates, clock, caller, ct);
        if (draft is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (!await store.TrySaveAsync(draft, etag, ct)) return Conflict("Someone else changed it meanwhile; reload it.");
        await audit.RecordAsync(caller, "broadcast.update", null, $"Edited broadcast {id}", ct);
        return TypedResults.Ok(draft);
    }

    private static async Task<Results<Ok<Preview>, NotFound>> PreviewAsync(
        string id, BroadcastStore store, BroadcastQueue queue, SmsTemplates templates, MainlandTemplates mainland, SmsOptions options, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (b, _)) return TypedResults.NotFound();
        var audience = await queue.AudienceAsync(b.Filter, ct);
        var template = (await templates.GetAsync(b.TemplateId, ct))!;
        // As the phone shows it (mainland: the signature, and staff text in as many parts as the rules need); cost per recipient.
        SmsLength[] Measure(string language, IReadOnlyDictionary<string, string> parameters) =>
            mainland.Split(template, parameters).Select(p => mainland.Measure(mainland.PhoneText(template, language, p))).ToArray();
        var lengths = audience.Recipients.Select(r => Measure(r.Language, queue.ParametersFor(b, r))).ToList();
        var first = audience.Recipients.FirstOrDefault();
        var sampleParameters = queue.ParametersFor(b, first);
        var sample = string.Join("\n", mainland.Split(template, sampleParameters).Select(p => mainland.PhoneText(template, first?.Language ?? "zh-CN", p)));
        var measured = Measure(first?.Language ?? "zh-CN", sampleParameters);
        var total = lengths.Sum(l => l.Sum(m => m.Cost(options.CostPerSegment)));
        return TypedResults.Ok(new Preview(audience.Recipients.Count, audience.Excluded, sample, measured[0].Encoding,
            lengths.Count == 0 ? measured.Sum(m => m.Segments) : lengths.Max(l => l.Sum(m => m.Segments)), measured.Sum(m => m.Cost(options.CostPerSegment)), total, options.Currency));
    }

    private static async Task<Results<Ok<Broadcast>, NotFound, ProblemHttpResult>> ApproveAsync(
        string id, BroadcastStore store, BroadcastQueue queue, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (b, etag)) return TypedResults.NotFound();
        if (b.State != BroadcastState.Draft) return Conflict($"It is {b.State.ToString().ToLowerInvariant()}.");
        var caller = Caller.From(http.User);
        // Four eyes: whoever drafted or last edited it asks a colleague, unless an admin allowed it for a one-person office.
        if (Drafters(b).Contains(caller.Email, StringComparer.OrdinalIgnoreCase) && !(await store.GetApprovalRuleAsync(ct)).DrafterMayApprove)
            return TypedResults.Problem(statusCode: 403, title: "A second member of staff approves a broadcast.",
                detail: "You drafted or edited this broadcast; ask a colleague to approve it.",
                extensions: new Dictionary<string, object?> { ["code"] = "broadcast.approveOwn" });
        var approved = b with { State = BroadcastState.Approved, ApprovedBy = caller.Email, ApprovedAt = clock.UtcNow };
        if (!await store.TrySaveAsync(approved, etag, ct)) return Conflict("Someone else changed it meanwhile; reload it.");
        await audit.RecordAsync(caller, "broadcast.approve", null, $"Approved broadcast {id} \"{b.Name}\"", ct);
        // Due now: queued at once rather than on the next minute.
        if (approved.SendAt <= clock.UtcNow) await queue.QueueAsync(id, ct);
        return TypedResults.Ok((await store.GetAsync(id, ct))!.Value.Broadcast);
    }

    /// <summary>"１", " 1 " and "1" are the same choice; so are "y" and "Y".</summary>
    internal static string Choice(string text) => Afterglow.Domain.Phones.PhoneNumberRules.ToHalfWidth(text).Trim().ToUpperInvariant();

    private static IEnumerable<string> Drafters(Broadcast b) => b.UpdatedBy is null ? [b.CreatedBy] : [b.CreatedBy, b.UpdatedBy];

    private static async Task<Results<Ok<ApprovalRule>, ValidationProblem>> SaveApprovalRuleAsync(
        ApprovalRuleInput body, BroadcastStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (body.DrafterMayApprove is not { } may)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["drafterMayApprove"] = ["true or false."] });
        var rule = new ApprovalRule(may);
        await store.SaveApprovalRuleAsync(rule, ct);
        await audit.RecordAsync(Caller.From(http.User), "broadcast.approvalRule", null, may ? "The drafter may approve their own broadcast" : "A second member of staff approves", ct);
        return TypedResults.Ok(rule);
    }

    private static async Task<Results<Ok<Broadcast>, NotFound, ProblemHttpResult>> CancelAsync(
        string id, BroadcastStore store, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not var (b, etag)) return TypedResults.NotFound();
        if (b.State is BroadcastState.Queued or BroadcastState.Cancelled) return Conflict($"It is {b.State.ToString().ToLowerInvariant()}.");
        var cancelled = b with { State = BroadcastState.Cancelled };
        if (!await store.TrySaveAsync(cancelled, etag, ct)) return Conflict("Someone else changed it meanwhile; reload it.");
        await audit.RecordAsync(Caller.From(http.User), "broadcast.cancel", null, $"Cancelled broadcast {id}", ct);
        return TypedResults.Ok(cancelled);
    }

    private static async Task<Results<Ok<IReadOnlyList<BroadcastRecipient>>, NotFound>> RecipientsAsync(string id, BroadcastStore store, OutboxStore outbox, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var list = (await outbox.ListPartitionAsync(OutboxStore.BroadcastPartition(id), ct)).Select(x => x.Message)
            .OrderBy(m => m.To, StringComparer.Ordinal).Select(m => new BroadcastRecipient(m.To, m.RetireeId, m.State, m.Error, m.SentAt, m.DeliveredAt)).ToList();
        return TypedResults.Ok<IReadOnlyList<BroadcastRecipient>>(list);
    }

    private static async Task<Results<Ok<IReadOnlyList<BroadcastAnswer>>, FileContentHttpResult, NotFound>> AnswersAsync(
        string id, BroadcastStore store, AuditLog audit, HttpContext http, CancellationToken ct, string? format = null)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var answers = await store.AnswersAsync(id, ct);
        if (format != "csv") return TypedResults.Ok(answers);
        await audit.RecordAsync(Caller.From(http.User), "broadcast.answers.export", null, $"Exported {answers.Count} answers to broadcast {id}", ct);
        var csv = new StringBuilder().Append('\uFEFF').AppendLine(Csv.Line(["phone", "retireeId", "name", "answer", "at"]));
        foreach (var a in answers) csv.AppendLine(Csv.Line([a.Phone, a.RetireeId, a.Name, a.Text, a.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture)]));
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"answers-{id}.csv");
    }
}
