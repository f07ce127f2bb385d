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

public sealed record SmsMessageView(
    string Id, string To, string Text, string Language, string TemplateId, SmsPurpose Purpose, string Cause, SmsState State, DateTimeOffset CreatedAt,
    DateTimeOffset NotBefore, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? FinishedAt, int Attempts, int Segments, string? Error,
    string? RetireeId, string? BroadcastId)
{
    public static SmsMessageView Of(SmsMessage m) => new(m.Id, m.To, m.Text, m.Language, m.TemplateId, m.Purpose, m.Cause, m.State, m.CreatedAt, m.NotBefore,
        m.SentAt, m.DeliveredAt, m.FinishedAt, m.Attempts, m.Segments, m.Error, m.RetireeId, m.BroadcastId);
}

public sealed record EstimateInput(string? Text, string? TemplateId, string? Language, Dictionary<string, string>? Parameters);
public sealed record Estimate(SmsEncoding Encoding, int Units, int Segments, decimal Cost, string Currency)
{
    /// <summary>Each message exactly as the phone shows it (mainland: signature included, staff text split) and its segments.</summary>
    public IReadOnlyList<EstimatePart> Parts { get; set; } = [];
    /// <summary>Why the provider would refuse it (it would fail when queued), or null.</summary>
    public string? Refusal { get; init; }
}

public sealed record EstimatePart(string Text, int Segments);
public sealed record HandledInput(string? Note);
public sealed record ReplyInput(string? Text);
public sealed record OptOut(string Phone);
public sealed record AnswerInput(string? Answer, string? Note);

/// <summary>The outbox as coordinators see it, the inbox of replies, and the cost of a text. Staff only.</summary>
public static class MessagesApi
{
    public static RouteGroupBuilder MapMessages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/messages").RequireAuthorization(Policies.Staff);
        group.MapGet("", ListAsync);
        group.MapPost("/estimate", EstimateAsync);
        group.MapGet("/inbox", InboxAsync);
        group.MapPost("/inbox/{id}/handled", HandledAsync);
        group.MapPost("/inbox/{id}/reply", ReplyAsync);
        group.MapPost("/inbox/{id}/answer", AnswerAsync);
        group.MapGet("/optouts", async (OutboxStore store, CancellationToken ct) =>
            TypedResults.Ok<IReadOnlyList<OptOut>>((await store.OptedOutAsync(ct)).Order(StringComparer.Ordinal).Select(p => new OptOut(p)).ToList()));
        return group;
    }

    private static Dictionary<string, string[]> Invalid(string field, string message) => new() { [field] = [message] };

    private static async Task<Results<Ok<IReadOnlyList<SmsMessageView>>, ValidationProblem>> ListAsync(
        OutboxStore store, OfficeClock clock, CancellationToken ct, string? state = null, string? to = null, int days = 7, int max = 200)
    {
        SmsState? s = null;
        if (state is not null)
        {
            if (!Enum.TryParse<SmsState>(state, true, out var parsed) || int.TryParse(state, out _)) return TypedResults.ValidationProblem(Invalid("state", "pending, sending, sent, delivered, failed, expired or cancelled."));
            s = parsed;
        }
        if (days is < 1 or > 90) return TypedResults.ValidationProblem(Invalid("days", "Between 1 and 90."));
        if (max is < 1 or > 1000) return TypedResults.ValidationProblem(Invalid("max", "Between 1 and 1000."));
        var list = await store.ListRecentAsync(clock.UtcNow - TimeSpan.FromDays(days), s, to, max, ct);
        return TypedResults.Ok<IReadOnlyList<SmsMessageView>>(list.Select(SmsMessageView.Of).ToList());
    }

    /// <summary>What a text or template costs and how it arrives: free text goes as a staff reply would.</summary>
    private static async Task<Results<Ok<Estimate>, ValidationProblem>> EstimateAsync(
        EstimateInput body, SmsTemplates templates, MainlandTemplates mainland, SmsOptions options, CancellationToken ct)
    {
        var field = body.TemplateId is null ? "text" : "templateId";
        var template = await templates.GetAsync(body.TemplateId ?? SmsTemplates.StaffReply, ct);
        if (template is null) return TypedResults.ValidationProblem(Invalid("templateId", "No such template."));
        var language = body.Language ?? "zh-CN";
        var parameters = body.TemplateId is null ? new Dictionary<string, string> { [MainlandTemplates.TextParameter] = body.Text ?? "" } : body.Parameters ?? [];
        if (TemplateText.Missing(template.TextFor(language), parameters) is [var missing, ..]) return TypedResults.ValidationProblem(Invalid($"parameters.{missing}", "This parameter is needed."));
        var text = TemplateText.Render(template.TextFor(language), parameters);
        if (text.Trim().Length is 0 || text.Length > SmsSegments.MaxLength) return TypedResults.ValidationProblem(Invalid(field, $"Between 1 and {SmsSegments.MaxLength} characters."));
        var parts = mainland.Split(template, parameters).Select(p => mainland.PhoneText(template, language, p)).ToList();
        var lengths = parts.Select(mainland.Measure).ToList();
        var segments = lengths.Sum(l => l.Segments);
        return TypedResults.Ok(new Estimate(lengths[0].Encoding, lengths.Sum(l => l.Units), segments, segments * options.CostPerSegment, options.Currency)
        {
            Parts = parts.Zip(lengths, (p, l) => new EstimatePart(p, l.Segments)).ToList(),
            Refusal = mainland.Split(template, parameters).Select(p => mainland.Refusal(template, language, p)).FirstOrDefault(r => r is not null),
        });
    }

    /// <summary>Replies waiting (or all); only one retiree's with ?retireeId=.</summary>
    private static async Task<Results<Ok<IReadOnlyList<InboxItem>>, ValidationProblem>> InboxAsync(
        InboxStore inbox, CancellationToken ct, string status = "open", int max = 200, string? retireeId = null)
    {
        if (status is not ("open" or "all")) return TypedResults.ValidationProblem(Invalid("status", "open or all."));
        if (max is < 1 or > 1000) return TypedResults.ValidationProblem(Invalid("max", "Between 1 and 1000."));
        if (retireeId is not null && !RetireeStore.IsId(retireeId)) return TypedResults.ValidationProblem(Invalid("retireeId", "A retiree's id, as the registry gives it."));
        return TypedResults.Ok(await inbox.ListAsync(status == "open", max, ct, retireeId));
    }

    private static async Task<Results<Ok<InboxItem>, NotFound, ValidationProblem>> HandledAsync(
        string id, HandledInput body, InboxStore inbox, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await inbox.GetAsync(id, ct) is not { } item) return TypedResults.NotFound();
        var note = body.Note?.Trim();
        if (note?.Length > 1000) return TypedResults.ValidationProblem(Invalid("note", "At most 1000 characters."));
        var caller = Caller.From(http.User);
        var done = item with { Handled = true, HandledBy = caller.Name, HandledAt = clock.UtcNow, Note = string.IsNullOrEmpty(note) ? item.Note : note };
        await inbox.SaveAsync(done, ct);
        await audit.RecordAsync(caller, "inbox.handled", item.RetireeId, $"Handled the SMS from {item.From}", ct);
        return TypedResults.Ok(done);
    }

    private static async Task<Results<Ok<SmsMessageView>, NotFound, ValidationProblem>> ReplyAsync(
        string id, ReplyInput body, InboxStore inbox, SmsOutbox outbox, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await inbox.GetAsync(id, ct) is not { } item) return TypedResults.NotFound();
        var text = body.Text?.Trim() ?? "";
        if (text.Length is 0 or > SmsSegments.MaxLength) return TypedResults.ValidationProblem(Invalid("text", $"Between 1 and {SmsSegments.MaxLength} characters."));
        var caller = Caller.From(http.User);
        // A person answering a person: sent now, quiet hours or not; the key makes a double click one SMS.
        var message = await outbox.QueueAsync(new OutgoingSms(item.From, SmsTemplates.StaffReply, new Dictionary<string, string> { ["text"] = text }, "zh-CN",
            SmsPurpose.Reply, $"reply:{item.Id}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16]}",
            caller.Email, IgnoreQuietHours: true, RetireeId: item.RetireeId), ct);
        await inbox.SaveAsync(item with { Handled = true, HandledBy = caller.Name, HandledAt = message.CreatedAt }, ct);
        await audit.RecordAsync(caller, "sms.reply", item.RetireeId, $"Replied by SMS to {item.From}", ct);
        return TypedResults.Ok(SmsMessageView.Of(message));
    }

    /// <summary>
    /// A coordinator read a reply that answered a check-in and says what it meant: well, unwell (the volunteer
    /// calls back) or help (an urgent incident). The item is handled; the same answer twice changes nothing.
    /// </summary>
    private static async Task<Results<Ok<InboxItem>, NotFound, ValidationProblem>> AnswerAsync(
        string id, AnswerInput body, InboxStore inbox, CheckIns.CareReplies care, OfficeClock clock, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await inbox.GetAsync(id, ct) is not { } item) return TypedResults.NotFound();
        if (item.CheckInIds.Count == 0) return TypedResults.ValidationProblem(Invalid("answer", "This reply answered no check-in; mark it handled instead."));
        Domain.CheckIns.ReplyKind? answer = body.Answer switch
        {
            "well" => Domain.CheckIns.ReplyKind.Well,
            "unwell" => Domain.CheckIns.ReplyKind.Unwell,
            "help" => Domain.CheckIns.ReplyKind.Help,
            _ => null,
        };
        if (answer is not { } kind) return TypedResults.ValidationProblem(Invalid("answer", "well, unwell or help."));
        var note = body.Note?.Trim();
        if (note?.Length > 1000) return TypedResults.ValidationProblem(Invalid("note", "At most 1000 characters."));
        var caller = Caller.From(http.User);
        await care.MarkAsync(item.CheckInIds, kind, ct);
        var done = item with { Handled = true, HandledBy = caller.Name, HandledAt = item.Answer == kind ? item.HandledAt : clock.UtcNow, Answer = kind, Note = string.IsNullOrEmpty(note) ? item.Note : note };
        await inbox.SaveAsync(done, ct);
        await audit.RecordAsync(caller, "inbox.answer", item.RetireeId, $"Read the SMS from {item.From} as {body.Answer}", ct);
        return TypedResults.Ok(done);
    }
}
