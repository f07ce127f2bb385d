using Afterglow.App.Configuration;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Afterglow.App.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// The engine's meter always; OpenTelemetry with the Azure Monitor exporter only when
    /// APPLICATIONINSIGHTS_CONNECTION_STRING is set (the Bicep sets it): traces of HTTP requests, outgoing HTTP and the
    /// Azure SDK's calls, the ASP.NET Core metrics and the engine's. Logs stay where they are (the Functions host
    /// collects the handler's output).
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EngineMetrics>();
        if (Settings.OrNull(builder.Configuration[AppSettings.ApplicationInsightsConnectionString]) is not { } connection) return builder;

        var credential = EntraCredential(builder.Configuration[AppSettings.ApplicationInsightsAuthenticationString]);
        void Export(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = connection;
            if (credential is not null) o.Credential = credential;
            // Every trace, not the exporter's default of 5 a second (rate-limited, which can drop a trace's children):
            // an office makes a few requests a minute, and the trace of the one sweep that failed is the one we need.
            o.SamplingRatio = 1.0f;
            o.TracesPerSecond = null;
        }

        // The Azure SDK emits its spans on ActivitySources only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("afterglow"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/api/health"))
                .AddHttpClientInstrumentation()
                .AddSource("Azure.*")
                .AddAzureMonitorTraceExporter(Export))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter(EngineMetrics.MeterName)
                .AddAzureMonitorMetricExporter(Export));
        return builder;
    }

    /// <summary>The managed identity the Bicep names when Application Insights accepts Entra ID tokens only (Authorization=AAD).</summary>
    private static Azure.Core.TokenCredential? EntraCredential(string? authentication)
    {
        var parts = (authentication ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var kind) && kind.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            ? Storage.StorageAccount.Credential("managedidentity", parts.GetValueOrDefault("ClientId"))
            : null;
    }
}
