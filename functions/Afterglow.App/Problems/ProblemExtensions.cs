using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace Afterglow.App.Problems;

/// <summary>
/// Every error is RFC 7807 problem details; bad JSON names the field it is about, and unknown fields are refused
/// rather than silently dropped.
/// </summary>
public static partial class ProblemExtensions
{
    public const long MaxJsonBody = 1024 * 1024;

    public static readonly JsonSerializerOptions Json = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // One reading of a body only: a name given twice (which one wins differs between parsers) is refused, and
        // a number is a JSON number, not text that looks like one (the Web defaults would read "5" as 5).
        o.AllowDuplicateProperties = false;
        o.NumberHandling = JsonNumberHandling.Strict;
        return Serialization.AppJson.UseGenerated(o, enumsFromNumbers: false);
    }

    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o =>
        {
            Configure(o.SerializerOptions);
            // Request bodies only (stored data is read with Json above): no hidden control or direction characters in any string.
            o.SerializerOptions.Converters.Add(new ReadableStringConverter());
        });
        // A body or parameter that does not bind throws, in every environment, so the handler below names the field.
        // (The default throws in Development only; in Production the answer was a bare 400 naming nothing.)
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Kestrel's own ceiling is the largest endpoint's; BodySizeLimit narrows it per endpoint.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = BodySizeLimit.Largest);
        return services;
    }

    public static WebApplication UseApiProblems(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                BadHttpRequestException b => b.StatusCode,
                _ => StatusCodes.Status500InternalServerError,
            },
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                var status = context.Response.StatusCode;
                var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status };
                if (error is BadHttpRequestException bad)
                {
                    details.Title = status == 413 ? "The request body is too large." : "The request is not valid.";
                    if (FindJsonError(bad) is { } json)
                    {
                        details.Title = "The request body is not valid JSON for this endpoint.";
                        details.Extensions["errors"] = new Dictionary<string, string[]> { [FieldOf(json)] = [Describe(json)] };
                    }
                    else details.Detail = bad.Message;
                }
                else details.Title = "Something went wrong. The request was not completed; try again.";
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
            },
        });
        app.UseStatusCodePages();
        return app;
    }

    private static JsonException? FindJsonError(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is JsonException j) return j;
        return null;
    }

    /// <summary>"$.emergencyContacts[0].phone" → "emergencyContacts[0].phone"; an unknown member names itself.</summary>
    public static string FieldOf(JsonException e)
    {
        var unknown = UnknownMember().Match(e.Message);
        var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
        if (unknown.Success && !path.EndsWith(unknown.Groups[1].Value, StringComparison.Ordinal))
            return path.Length == 0 ? unknown.Groups[1].Value : $"{path}.{unknown.Groups[1].Value}";
        return path.Length == 0 ? "body" : path;
    }

    private static string Describe(JsonException e) =>
        e is UnreadableTextException u ? u.Reason
        : UnknownMember().IsMatch(e.Message) ? "This field is not known." : "This value has the wrong type or format.";

    [GeneratedRegex("property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();
}

/// <summary>Field errors collected by a validator, named as the JSON names them.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;
    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    public IEnumerable<(string Field, string Message)> All => _errors.SelectMany(kv => kv.Value.Select(m => (kv.Key, m)));
}
