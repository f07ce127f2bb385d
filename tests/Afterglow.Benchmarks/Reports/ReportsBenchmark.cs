using System.Diagnostics;
using Afterglow.App.Office;
using Afterglow.App.Reports;
using Afterglow.App.Storage;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.Benchmarks.Reports;

/// <summary>
/// The report aggregates at an office's volume: 90 days of 2,000 retirees' check-ins, their SMS, incidents and visits
/// counted through the real ReportCounts on Azurite, then the 90-day report read back. Rows read before are the rows
/// a recount of the raw data reads (one per check-in, SMS, incident, visit); after, the counter rows the query returns.
/// </summary>
public static class ReportsBenchmark
{
    /// <summary>Counts the storage requests the counting makes (writes and reads alike).</summary>
    private sealed class Requests : HttpPipelinePolicy
    {
        public int Count;
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) { Interlocked.Increment(ref Count); ProcessNext(message, pipeline); }
        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) { Interlocked.Increment(ref Count); return ProcessNextAsync(message, pipeline); }
    }

    public static async Task<int> RunAsync(string connection, string[] args)
    {
        var retirees = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var days = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 90;
        var requests = new Requests();
        var storage = new StorageAccount(new StorageOptions { ConnectionString = connection, Prefix = "rep" + Guid.NewGuid().ToString("N")[..8] }, requests);
        var counts = new ReportCounts(storage, new OfficeClock(TimeProvider.System, new OfficeProfile(new OfficeSettingsStore(storage), new OfficeOptions(), new Afterglow.App.Sms.SmsOptions(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<OfficeProfile>.Instance)));
        var last = new DateOnly(2026, 12, 2);
        var first = last.AddDays(1 - days);
        var random = new Random(12);
        long raw = 0;
        var write = Stopwatch.StartNew();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var items = new List<Counted>();
            for (var r = 0; r < retirees; r++)
            {
                var roll = random.NextDouble();
                var status = roll < 0.92 ? "answered" : roll < 0.97 ? "missed" : "undelivered";
                var id = $"day-{day:yyyyMMdd}.r{r:D6}";
                items.Add(new(ReportKinds.CheckIn, day, id, status, status == "answered" ? 2 : 1));
                items.Add(new(ReportKinds.SmsSent, day, "m-" + id, "checkIn", 0, 1));
                items.Add(new(ReportKinds.SmsOutcome, day, "m-" + id, status == "undelivered" ? "failed" : "delivered", 0, 1));
                raw += 2;
                if (status == "answered") continue;
                // An incident: opened, acknowledged, resolved; its escalation SMS (two) are rows too.
                var incident = "i-" + id;
                items.Add(new(ReportKinds.IncidentOpened, day, incident, status));
                items.Add(new(ReportKinds.IncidentAcknowledged, day, incident, ReportKinds.AckBucket(TimeSpan.FromMinutes(random.Next(3, 300)))));
                items.Add(new(ReportKinds.IncidentResolved, day, incident, random.NextDouble() < 0.8 ? "well" : "reachedByPhone"));
                for (var s = 0; s < 2; s++) items.Add(new(ReportKinds.SmsSent, day, $"m-esc-{incident}-{s}", "escalation", 0, 2));
                raw += 3;
            }
            for (var v = 0; v < 15; v++) items.Add(new(ReportKinds.Visit, day, $"v-{day:yyyyMMdd}-{v}", v % 3 == 0 ? "hospital" : "home"));
            raw += 15;
            await counts.CountManyAsync(items, CancellationToken.None);
        }
        write.Stop();
        var counted = requests.Count;

        // One answer the way it really comes: alone, moving a counted check-in from sent to answered.
        var single = requests.Count;
        var lone = $"day-{last:yyyyMMdd}.lone";
        await counts.CountAsync(new(ReportKinds.CheckIn, last, lone, "sent"), CancellationToken.None);
        await counts.CountAsync(new(ReportKinds.CheckIn, last, lone, "answered", 2), CancellationToken.None);
        var perSingle = (requests.Count - single) / 2.0;

        var read = Stopwatch.StartNew();
        var before = requests.Count;
        var (report, rows) = await counts.ReadAsync(first, last, CancellationToken.None);
        read.Stop();
        var answered = report.Where(d => d.Kind == ReportKinds.CheckIn && d.State == "answered").Sum(d => d.Items);

        Console.WriteLine($"""
            ## Report aggregates, {days} days of {retirees:N0} retirees (issue 12, third part)

            | | value |
            | --- | --- |
            | items counted | {raw:N0} rows a raw recount reads (check-ins, SMS, incidents, visits) |
            | counting, whole period | {write.Elapsed.TotalSeconds:0.0} s, {counted:N0} storage requests ({(double)counted / days:N0} a day) |
            | one answer counted alone (sent, then answered) | {perSingle:0.0} requests each |
            | the {days}-day report | {rows:N0} counter rows in {requests.Count - before} request(s), {read.ElapsedMilliseconds} ms |
            | check-ins answered in the report | {answered:N0} |
            """);
        return 0;
    }
}
