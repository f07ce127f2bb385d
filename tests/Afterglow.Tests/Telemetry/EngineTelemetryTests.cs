using Afterglow.App.CheckIns;
using Afterglow.App.Telemetry;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Afterglow.Tests.Telemetry;

/// <summary>
/// The app as Azure runs it with APPLICATIONINSIGHTS_CONNECTION_STRING set (the exporter points nowhere), plus an
/// in-memory exporter on the app's own meter provider, and every log line captured.
/// </summary>
public sealed class TelemetryFactory : SmsAppFactory
{
    private readonly CapturedLogs _logs = new();

    public List<Metric> Metrics { get; } = [];
    public List<System.Diagnostics.Activity> Spans { get; } = [];
    private readonly BaseExportingMetricReader _reader;
    public IEnumerable<string> LogLines => _logs.Lines;

    public TelemetryFactory()
    {
        Extra = new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/" };
        _reader = new BaseExportingMetricReader(new InMemoryExporter<Metric>(Metrics));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            // A reader of its own on the app's meter provider, collected on demand (not behind the Azure exporter's flush).
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddReader(_reader));
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            // Nothing written to disk or retried for an endpoint that is not there.
            s.PostConfigureAll<AzureMonitorExporterOptions>(o => { o.DisableOfflineStorage = true; o.Retry.MaxRetries = 0; });
            s.AddLogging(l => l.AddProvider(_logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
        });
    }

    /// <summary>Exports what the meters hold now and returns the points of one instrument.</summary>
    public IReadOnlyList<MetricPoint> Points(string instrument)
    {
        lock (Metrics)
        {
            Metrics.Clear();
            Assert.True(_reader.Collect(), "The in-memory reader did not collect.");
            var points = new List<MetricPoint>();
            foreach (var metric in Metrics.Where(m => m.Name == instrument))
                foreach (ref readonly var p in metric.GetMetricPoints()) points.Add(p);
            return points;
        }
    }
}

/// <summary>
/// OpenTelemetry listens process-wide: every test host's "Afterglow.Engine" meter and every request's span reach
/// the same provider, and a disposed host's meter ends the shared metric streams. So these run alone, after the
/// parallel classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>A silent retiree's check-in and the first escalation steps, through the real outbox and dispatcher.</summary>
[Collection(TelemetryCollection.Name)]
public class EngineTelemetryTests(TelemetryFactory app) : IClassFixture<TelemetryFactory>
{
    private static string Tag(MetricPoint p, string key)
    {
        foreach (var tag in p.Tags) if (tag.Key == key) return tag.Value?.ToString() ?? "";
        return "";
    }

    /// <summary>Check-in at 09:03 (three minutes late), nobody answers: the window closes (a reminder), a second reminder, then the volunteer is asked.</summary>
    private static async Task<(string Retiree, string Volunteer, string RetireePhone, string VolunteerPhone)> SilentRetireeAsync(SmsWorld w, string retiree, string volunteer)
    {
        var day = w.NextDay();
        var (volunteerId, volunteerPhone) = await w.PersonAsync(volunteer, "volunteer");
        var (retireeId, phone) = await w.RetireeAsync(retiree, [volunteerId]);
        await w.PlanAsync(retireeId);
        foreach (var time in new[] { "09:03", "11:10", "11:45", "12:15" })
        {
            w.At(day, time);
            await w.SweepAsync();
            await w.DispatchAsync();
        }
        Assert.Contains(await w.OutAsync(volunteerPhone), l => l.Status is "sent" or "delivered");
        return (retiree, volunteer, phone, volunteerPhone);
    }

    [Fact]
    public async Task Sweep_lag_outbox_depth_and_age_dispatch_outcomes_and_escalation_steps_are_measured()
    {
        Assert.NotNull(app.Services.GetService<MeterProvider>());
        await SilentRetireeAsync(new SmsWorld(app), "度量老人", "度量志愿");

        var lag = app.Points("afterglow.sweep.lag");
        Assert.True(lag.Sum(p => p.GetHistogramCount()) >= 3, "Each sweep records its lag.");
        Assert.True(lag.Sum(p => p.GetHistogramSum()) >= 180, "The sweep at 09:03 took up a check-in due at 09:00.");

        // A message left waiting five minutes (the dispatcher was down): depth 1, age 300 s; then an empty outbox.
        var w = new SmsWorld(app);
        await w.QueueAsync(SmsWorld.Notice(CareWorld.NewPhone(), "稍后", $"telemetry:{Guid.NewGuid():N}"));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await w.DispatchAsync();
        Assert.Equal(1, Assert.Single(app.Points("afterglow.outbox.depth")).GetGaugeLastValueLong());
        Assert.InRange(Assert.Single(app.Points("afterglow.outbox.age")).GetGaugeLastValueDouble(), 300, 360);
        await w.DispatchAsync();
        Assert.Equal(0, Assert.Single(app.Points("afterglow.outbox.depth")).GetGaugeLastValueLong());

        var sent = app.Points("afterglow.sms.dispatched").Where(p => Tag(p, "outcome") == "sent").Sum(p => p.GetSumLong());
        Assert.True(sent >= 4, $"The check-in, the reminder, the volunteer's alert and the late notice were sent ({sent} counted).");

        var steps = app.Points("afterglow.escalation.steps").Where(p => Tag(p, "outcome") == "sent").ToList();
        Assert.True(steps.Sum(p => p.GetSumLong()) >= 2, "The reminder (level 1) and the volunteer's step (level 2) were counted.");
        Assert.Contains(steps, p => Tag(p, "level") == "2");
        // Tags carry kinds and outcomes only: nothing that names or reaches a person.
        Assert.All(app.Metrics.SelectMany(m => { var tags = new List<string>(); foreach (ref readonly var p in m.GetMetricPoints()) foreach (var t in p.Tags) tags.Add($"{t.Value}"); return tags; }),
            v => Assert.DoesNotMatch(@"\d{7}", v));
    }

    [Fact]
    public async Task No_phone_number_or_name_reaches_the_logs_during_a_check_in_and_its_escalation()
    {
        var (retiree, volunteer, retireePhone, volunteerPhone) = await SilentRetireeAsync(new SmsWorld(app), "隐私老人", "隐私志愿");
        var lines = app.LogLines.ToList();
        Assert.Contains(lines, l => l.Contains("opened for", StringComparison.Ordinal)); // the escalation did log
        Assert.DoesNotContain(lines, l => l.Contains(retiree, StringComparison.Ordinal) || l.Contains(volunteer, StringComparison.Ordinal));
        foreach (var phone in new[] { retireePhone, volunteerPhone })
        {
            var national = phone[3..]; // +86 139…
            // No seven digits of the number in a row: a masked number (139****1234) shows at most four.
            for (var i = 0; i + 7 <= national.Length; i++)
                Assert.DoesNotContain(lines, l => l.Contains(national.Substring(i, 7), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_request_is_traced_with_the_storage_calls_it_made()
    {
        var admin = await app.AdminAsync();
        // The request carries its own trace id (W3C traceparent), so its spans are told apart from any other's.
        var trace = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/people");
        request.Headers.Add("traceparent", $"00-{trace}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");
        Assert.True((await admin.SendAsync(request)).IsSuccessStatusCode);
        // The host ends the request's span once the response is complete, which can be after the client has read it:
        // wait for it (a loaded machine showed the gap).
        List<System.Diagnostics.Activity> spans = [];
        bool IsServer(System.Diagnostics.Activity a) => a.Kind == System.Diagnostics.ActivityKind.Server && a.TraceId == trace;
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(20))
        {
            lock (app.Spans) spans = [.. app.Spans];
            if (spans.Any(IsServer)) break;
            await Task.Delay(20);
        }
        var server = Assert.Single(spans, IsServer);
        Assert.Contains("/api/people", server.DisplayName, StringComparison.Ordinal);
        // The Azure SDK's HTTP calls to storage (Azurite here) are children in the same trace.
        Assert.Contains(spans, a => a.Kind == System.Diagnostics.ActivityKind.Client && a.TraceId == server.TraceId
            && a.GetTagItem("url.full") is string url && url.Contains(app.Prefix, StringComparison.OrdinalIgnoreCase));
    }

}

/// <summary>Its own class: disposing its host ends the meter streams the class above reads.</summary>
[Collection(TelemetryCollection.Name)]
public class NoTelemetryTests
{
    [Fact]
    public void Without_a_connection_string_nothing_is_exported()
    {
        using var plain = new AppFactory();
        Assert.Null(plain.Services.GetService<MeterProvider>());
        Assert.Null(plain.Services.GetService<TracerProvider>());
        Assert.NotNull(plain.Services.GetService<EngineMetrics>());
    }
}
