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
        var ports = builder.Configuration["http_ports"] ?? builder.Configuration["ASPNETCORE_HTTP_PORTS"];
        var urls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"]
            ?? (string.IsNullOrEmpty(ports) ? null : string.Join(';', ports.Split(';').Select(p => $"http://*:{p.Trim()}")));
        if (urls is null) builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        else if (mode == HostMode.Standalone && !builder.Configuration.GetValue(Edge.AllowInsecureHttp, false)
            && Edge.InsecureBindings(urls) is { Count: > 0 } insecure)
            throw new InvalidOperationException(
                $"Refusing to serve plain HTTP beyond this machine ({string.Join(", ", insecure)}): sign-in passwords and session cookies " +
                $"would cross the network in clear text. Use https://, listen on 127.0.0.1 behind a TLS proxy, or set {Edge.AllowInsecureHttp}=true.");

        builder.Services.AddSingleton(new FunctionCatalog(AppContext.BaseDirectory));
        // The Functions host calls the invocation paths over loopback; standalone, only a developer's machine may.
        builder.Services.AddSingleton(new HostInfo(mode, InvocationsOpen: mode == HostMode.CustomHandler || builder.Environment.IsDevelopment()));
        builder.Services.AddEdge();
        if (mode == HostMode.Standalone && builder.Configuration.GetValue("Scheduler:Enabled", true))
            builder.Services.AddHostedService<TimerScheduler>();
        return builder;
    }

    /// <summary>POST /{FunctionName} for every timer and Event Grid function, answered with {Outputs, Logs, ReturnValue}.</summary>
    public static WebApplication MapFunctionInvocations(this WebApplication app)
    {
        var open = app.Services.GetRequiredService<HostInfo>().InvocationsOpen;
        // Standalone in production nobody else may fire a timer or hand in an event: the paths answer 404 like any unknown one.
        IResult? Closed() => open ? null : Results.Problem(statusCode: 404, title: "Not found.");
        // Each function is built on its first invocation, not here (FunctionRegistration).
        foreach (var function in app.Services.GetServices<FunctionRegistration>())
        {
            app.MapPost($"/{function.Name}", async (HttpRequest request, IServiceProvider services, CancellationToken ct) =>
            {
                if (Closed() is { } closed) return closed;
                var envelope = await ReadEnvelopeAsync(request, ct);
                var log = await function.InvokeAsync(services, envelope, ct);
                return Results.Ok(new InvocationResult([], [log], null));
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

/// <summary>How the app is hosted; invocation paths answer only under the Functions host or in Development.</summary>
public sealed record HostInfo(HostMode Mode, bool InvocationsOpen = true);

/// <summary>Marks an endpoint the Functions host calls directly; it must never sit under a public HTTP route.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class InvocationEndpointAttribute(string functionName) : Attribute
{
    public string FunctionName { get; } = functionName;
}
