using System.Text.RegularExpressions;
using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Problems;
using Afterglow.App.Sms.China;
using Afterglow.Domain.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Messages;

/// <summary>
/// An admin adds a template for broadcasts (issue 14): a dotted id like the built-in ones, a text in both languages
/// with the same parameters (a broadcast asks for each), and under mainland rules a text the provider would accept.
/// </summary>
public static partial class TemplateCreation
{
    public const int MaxId = 40;

    [GeneratedRegex(@"^[a-z][a-z0-9]*(\.[a-z][A-Za-z0-9]*){1,3}$")]
    private static partial Regex IdPattern();

    public static async Task<Results<Created<TemplateView>, ValidationProblem>> CreateAsync(
        NewTemplateInput body, SmsTemplates templates, MainlandTemplates mainland, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var id = body.Id?.Trim() ?? "";
        if (id.Length is 0 or > MaxId || !IdPattern().IsMatch(id))
            errors.Add("id", $"An id of at most {MaxId} characters: lower-case words joined by dots, e.g. notice.checkup.");
        else if (await templates.GetAsync(id, ct) is not null) errors.Add("id", "A template with this id exists.");
        CheckTexts(body.ZhCn, body.En, mainland, errors);
        if (body.Description?.Length > 200) errors.Add("description", "At most 200 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var template = new SmsTemplate(id, body.ZhCn!.Trim(), body.En!.Trim(), string.IsNullOrWhiteSpace(body.Description) ? null : body.Description.Trim(), true);
        // Two admins creating the same id at once: the later write wins, which is the same template asked for twice.
        await templates.SaveAsync(template, ct);
        await audit.RecordAsync(Caller.From(http.User), "template.create", null, $"Created the SMS template {id}", ct);
        return TypedResults.Created($"/api/templates/{id}", TemplateView.Of(template, mainland));
    }

    /// <summary>Both texts present, within one message's length, with the same parameters, and acceptable to the mainland provider when there is one.</summary>
    public static void CheckTexts(string? zhCn, string? en, MainlandTemplates mainland, FieldErrors errors)
    {
        foreach (var (field, text) in new[] { ("zhCn", zhCn), ("en", en) })
        {
            if (string.IsNullOrWhiteSpace(text) || text.Length > SmsSegments.MaxLength) errors.Add(field, $"Between 1 and {SmsSegments.MaxLength} characters.");
            else if (text.Any(c => char.IsControl(c) && c != '\n')) errors.Add(field, "No control characters.");
            else if (mainland.Rules?.CheckTemplate(MainlandTemplates.WithoutSender(text)) is { } why) errors.Add(field, $"Cannot be registered: {why}.");
        }
        if (string.IsNullOrWhiteSpace(zhCn) || string.IsNullOrWhiteSpace(en)) return;
        var zh = TemplateText.ParametersOf(zhCn).ToHashSet(StringComparer.Ordinal);
        var other = TemplateText.ParametersOf(en).ToHashSet(StringComparer.Ordinal);
        if (!zh.SetEquals(other))
            errors.Add("en", $"Use the same parameters as the Chinese text: {string.Join(", ", zh.Order(StringComparer.Ordinal).Select(p => "{" + p + "}"))}.");
    }
}
