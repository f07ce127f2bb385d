using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.Domain.Messaging;
using Afterglow.Domain.Phones;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Sms;

public sealed record PhoneReplyInput(string? Text);
public sealed record PhoneReachableInput(bool? Reachable);
public sealed record PhoneView(string Number, bool Reachable, IReadOnlyList<PhoneLine> Lines);
/// <summary>Outcome: what the inbound path made of the reply, or null if the queue has not delivered it yet (the thread shows it later).</summary>
public sealed record PhoneReplied(string MessageId, InboundOutcome? Outcome, PhoneView Phone);

/// <summary>Development only (not mapped otherwise, so 404): the simulated phone the dashboard shows.</summary>
public static class DevPhoneApi
{
    public static RouteGroupBuilder MapDevPhone(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/dev/phone").RequireAuthorization(Policies.Staff);
        group.MapGet("", async (DevPhone phone, CancellationToken ct) => TypedResults.Ok(await phone.ThreadsAsync(ct)));
        group.MapGet("/{number}", GetAsync);
        group.MapPost("/{number}/reply", ReplyAsync);
        group.MapPut("/{number}", SetReachableAsync);
        return group;
    }

    private static Dictionary<string, string[]> Invalid(string field, string message) => new() { [field] = [message] };

    private static async Task<PhoneView> ViewAsync(DevPhone phone, string number, CancellationToken ct) =>
        new(number, (await phone.ThreadsAsync(ct)).FirstOrDefault(t => t.Number == number)?.Reachable ?? true, await phone.ThreadAsync(number, ct));

    private static async Task<Results<Ok<PhoneView>, ValidationProblem>> GetAsync(string number, DevPhone phone, PhoneNumberRules rules, CancellationToken ct) =>
        rules.TryNormalize(number, out var e164) ? TypedResults.Ok(await ViewAsync(phone, e164, ct)) : TypedResults.ValidationProblem(Invalid("number", "Not a valid phone number."));

    private static async Task<Results<Ok<PhoneReplied>, ValidationProblem>> ReplyAsync(
        string number, PhoneReplyInput body, DevPhone phone, PhoneNumberRules rules, CancellationToken ct)
    {
        if (!rules.TryNormalize(number, out var e164)) return TypedResults.ValidationProblem(Invalid("number", "Not a valid phone number."));
        var text = body.Text?.Trim() ?? "";
        if (text.Length is 0 or > SmsSegments.MaxLength) return TypedResults.ValidationProblem(Invalid("text", $"Between 1 and {SmsSegments.MaxLength} characters."));
        var (id, outcome) = await phone.ReplyAsync(e164, text, ct);
        return TypedResults.Ok(new PhoneReplied(id, outcome, await ViewAsync(phone, e164, ct)));
    }

    private static async Task<Results<Ok<PhoneThread>, ValidationProblem>> SetReachableAsync(
        string number, PhoneReachableInput body, DevPhone phone, PhoneNumberRules rules, CancellationToken ct)
    {
        if (!rules.TryNormalize(number, out var e164)) return TypedResults.ValidationProblem(Invalid("number", "Not a valid phone number."));
        if (body.Reachable is not { } reachable) return TypedResults.ValidationProblem(Invalid("reachable", "true or false."));
        return TypedResults.Ok(await phone.SetReachableAsync(e164, reachable, ct));
    }
}
