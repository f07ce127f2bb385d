using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Sms.China;
using Afterglow.Domain.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Messages;

public sealed record TemplateView(string Id, string ZhCn, string En, string? Description, bool Edited, IReadOnlyList<string> Parameters)
{
    /// <summary>Under mainland rules: what each language is registered as with the provider, and what is wrong with it.</summary>
    public IReadOnlyList<RegistrationView>? Registrations { get; init; }

    public static TemplateView Of(SmsTemplate t) => new(t.Id, t.ZhCn, t.En, t.Description, t.Edited, t.Parameters);

    public static TemplateView Of(SmsTemplate t, MainlandTemplates mainland) => Of(t) with
    {
        Registrations = mainland.Rules is not { } rules ? null : MainlandTemplates.Languages(t).Select(l =>
        {
            var r = mainland.Registration(t, l);
            var problem = r.Code is null ? "No template code." : rules.CheckTemplate(MainlandTemplates.WithoutSender(l == "en" ? t.En : t.ZhCn)) is { } why ? $"Cannot be registered: {why}."
                : t.Edited ? "Edited here: register the new text too, or the provider sends the old one." : null;
            return new RegistrationView(l, rules.Provider, r.Code, r.ProviderText, r.Variables.Select(v => $"{v.Name}={v.Parameter}").ToList(), r.Marketing, problem);
        }).ToList(),
    };
}

/// <summary>One template in one language as registered with a mainland provider.</summary>
public sealed record RegistrationView(string Language, string Provider, string? Code, string ProviderText, IReadOnlyList<string> Variables, bool Marketing, string? Problem);

public sealed record TemplateInput(string? ZhCn, string? En, string? Description);

/// <summary>A new template: its id, both texts and what it is for.</summary>
public sealed record NewTemplateInput(string? Id, string? ZhCn, string? En, string? Description);

/// <summary>The named texts: staff read them; admins edit them (within the parameters the default knows) and add new ones for broadcasts.</summary>
public static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/templates").RequireAuthorization(Policies.Staff);
        group.MapGet("", async (SmsTemplates templates, MainlandTemplates mainland, CancellationToken ct) =>
            TypedResults.Ok<IReadOnlyList<TemplateView>>((await templates.ListAsync(ct)).Select(t => TemplateView.Of(t, mainland)).ToList()));
        group.MapPost("", TemplateCreation.CreateAsync).RequireAuthorization(Policies.Admin);
        group.MapPut("/{id}", SaveAsync).RequireAuthorization(Policies.Admin);
        return group;
    }

    private static async Task<Results<Ok<TemplateView>, NotFound, ValidationProblem>> SaveAsync(
        string id, TemplateInput body, SmsTemplates templates, MainlandTemplates mainland, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var created = SmsTemplates.Defaults.ContainsKey(id) ? null : await templates.GetAsync(id, ct);
        if (!SmsTemplates.Defaults.TryGetValue(id, out var original) && (original = created) is null) return TypedResults.NotFound();
        var errors = new Problems.FieldErrors();
        // The code fills in the parameters a default uses; a new one would reach the phone as "{x}". A template an
        // admin created is sent by broadcasts, which ask for every parameter: the same rules as when it was created.
        if (created is not null) TemplateCreation.CheckTexts(body.ZhCn, body.En, mainland, errors);
        else
        {
            var known = original.Parameters.ToHashSet(StringComparer.Ordinal);
            foreach (var (field, text) in new[] { ("zhCn", body.ZhCn), ("en", body.En) })
            {
                if (string.IsNullOrWhiteSpace(text) || text.Length > SmsSegments.MaxLength) errors.Add(field, $"Between 1 and {SmsSegments.MaxLength} characters.");
                else foreach (var p in TemplateText.ParametersOf(text).Where(p => !known.Contains(p))) errors.Add(field, $"Unknown parameter {{{p}}}; use {string.Join(", ", known.Select(k => "{" + k + "}"))}.");
            }
        }
        if (body.Description?.Length > 200) errors.Add("description", "At most 200 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var saved = new SmsTemplate(id, body.ZhCn!.Trim(), body.En!.Trim(), body.Description?.Trim() ?? original.Description, true);
        await templates.SaveAsync(saved, ct);
        await audit.RecordAsync(Caller.From(http.User), "template.save", null, $"Edited the SMS template {id}", ct);
        return TypedResults.Ok(TemplateView.Of(saved));
    }
}
