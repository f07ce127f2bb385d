using System.Text.Json;
using Afterglow.App.Configuration;

namespace Afterglow.App.Hosting;

public enum HostMode { Standalone, CustomHandler }

public static class FunctionsHostExtensions
{
    /// <summary>
    /// One process, two hosts (DESIGN D1): under the Functions host listen where it says; standalone listen on
    /// 127.0.0.1:7071 (or PORT) and fire the timers ourselves from their function.json schedules.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHost(this WebApplicationBuilder builder)
    {
        var handlerPort = builder.Configuration[AppSettings.CustomHandlerPort];
        var mode = string.IsNullOrEmpty(handlerPort) ? HostMode.Standalone : HostMode.CustomHandler;
        var port = handlerPort ?? builder.Configuration["PORT"] ?? "7071";
        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

        builder.Services.AddSingleton(new FunctionCatalog(AppContext.BaseDirectory));
        builder.Services.AddSingleton(new HostInfo(mode));
        if (mode == HostMode.Standalone && builder.Configuration.GetValue("Scheduler:Enabled", true))
            builder.Services.AddHostedService<TimerScheduler>();
        return builder;
    }

    /// <summary>POST /{FunctionName} for every timer and Event Grid function, answered with {Outputs, Logs, ReturnValue}.</summary>
    public static WebApplication MapFunctionInvocations(this WebApplication app)
    {
        foreach (var job in app.Services.GetServices<ITimerJob>())
        {
            app.MapPost($"/{job.Name}", async (HttpRequest request, CancellationToken ct) =>
            {
                var envelope = await ReadEnvelopeAsync(request, ct);
                var log = await job.RunAsync(envelope.ToTimer(job.Name), ct);
                return TypedResults.Ok(new InvocationResult([], [log], null));
            }).WithMetadata(new InvocationEndpointAttribute(job.Name)).AllowAnonymous();
        }
        foreach (var function in app.Services.GetServices<IEventFunction>())
        {
            app.MapPost($"/{function.Name}", async (HttpRequest request, CancellationToken ct) =>
            {
                var envelope = await ReadEnvelopeAsync(request, ct);
                var log = await function.HandleAsync(envelope, ct);
                return TypedResults.Ok(new InvocationResult([], [log], null));
            }).WithMetadata(new InvocationEndpointAttribute(function.Name)).AllowAnonymous();
        }
        return app;
    }

    private static async Task<InvocationEnvelope> ReadEnvelopeAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        try { return InvocationEnvelope.Parse(body); }
        catch (JsonException e) { throw new BadHttpRequestException($"The invocation envelope is not valid JSON: {e.Message}"); }
    }
}

public sealed record HostInfo(HostMode Mode);

/// <summary>Marks an endpoint the Functions host calls directly; it must never sit under a public HTTP route.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class InvocationEndpointAttribute(string functionName) : Attribute
{
    public string FunctionName { get; } = functionName;
}
