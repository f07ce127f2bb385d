using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.CheckIns;
using Afterglow.App.Reports;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Afterglow.Tests.Reports;

/// <summary>Fails the next storage calls to the counters' table while armed: a step that "crashes" after its own write, before counting it.</summary>
public sealed class CountsFault : HttpPipelinePolicy
{
    private int _armed;
    public int Tripped;

    public void Arm(int calls) => Volatile.Write(ref _armed, calls);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Uri.Path.Contains(StorageNames.ReportCounts, StringComparison.Ordinal) && Interlocked.Decrement(ref _armed) >= 0)
        {
            Interlocked.Increment(ref Tripped);
            throw new IOException("The process was killed before counting.");
        }
        await ProcessNextAsync(message, pipeline);
    }
}

public sealed class ReportsAcs : AcsFixture
{
    public CountsFault Fault { get; } = new();

    protected override SmsAppFactory NewApp(Dictionary<string, string?> settings) => new FaultyCountsFactory(Fault) { Extra = settings };

    private sealed class FaultyCountsFactory(CountsFault fault) : SmsAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(sp => new StorageAccount(StorageOptions.Read(sp.GetRequiredService<IConfiguration>()), fault))));
        }
    }
}

/// <summary>
/// The reports' aggregates against a recount of the raw rows, after a scripted office day with a step that crashed
/// before counting and was retried, and delivery reports and replies delivered twice.
/// </summary>
public class ReportCountsTests(ReportsAcs fx) : IClassFixture<ReportsAcs>
{
    private readonly SmsWorld w = new(fx.App);

    [Fact]
    public async Task After_a_day_with_retries_and_redeliveries_the_counts_equal_a_recount_of_the_rows()
    {
        var day = w.NextDay();
        var (volunteerId, _) = await w.PersonAsync("统计志愿", "volunteer");
        var (answers, answersPhone) = await w.RetireeAsync("统计答复", [volunteerId]);
        var (silent, _) = await w.RetireeAsync("统计沉默", [volunteerId]);
        var (unreachable, unreachablePhone) = await w.RetireeAsync("统计空号", [volunteerId]);
        var (delivered, deliveredPhone) = await w.RetireeAsync("统计送达", [volunteerId]);
        var (late, latePhone) = await w.RetireeAsync("统计迟复", [volunteerId]);
        foreach (var id in new[] { answers, silent, unreachable, delivered, late }) await w.PlanAsync(id);
        fx.Acs.Invalid[unreachablePhone] = true;
        await w.QueueAsync(SmsWorld.Notice(deliveredPhone, "统计通知", $"test:{Guid.NewGuid():N}"));

        w.At(day, "09:00");
        await w.SweepAsync();
        await w.SweepAsync(); // a doubled timer run
        await w.DispatchAsync();

        // A reply whose handling dies after answering the check-in, before counting it; the gateway delivers it again.
        var reply = Received(answersPhone, "1");
        fx.Fault.Arm(1);
        Assert.NotEqual(HttpStatusCode.OK, (await PostAsync("SmsReceived", reply)).StatusCode);
        Assert.Equal(1, fx.Fault.Tripped);
        Assert.Equal(CheckInStatus.Answered, (await CheckInAsync(day, answers)).Status);
        w.At(day, "09:20"); // the gateway redelivers after the crashed copy's claim ran out
        var again = await PostAsync("SmsReceived", reply);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsReceived", reply)).StatusCode);

        // A delivery report, delivered twice.
        var report = Report(fx.Acs.Phone.Single(s => s.To == deliveredPhone && s.Message.Contains("统计通知")), "Delivered");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsDeliveryReport", report)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsDeliveryReport", report)).StatusCode);

        // The windows close at 11:00: two missed, incidents open, the volunteer is texted.
        w.At(day, "11:01");
        await w.SweepAsync();
        await w.DispatchAsync();
        Assert.Equal(CheckInStatus.Missed, (await CheckInAsync(day, silent)).Status);
        // The late one answers after all (missed → answered), and the silent one's incident is acknowledged and resolved.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("SmsReceived", Received(latePhone, "1"))).StatusCode);
        var admin = await w.AdminAsync();
        var incident = (await w.Get<IncidentStore>().ListOpenAsync(CancellationToken.None)).Single(i => i.RetireeId == silent).Id;
        w.At(day, "11:40");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/incidents/{incident}/acknowledge", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/incidents/{incident}/resolve", new { outcome = "visited", note = "上门看过" })).StatusCode);
        await w.SweepAsync();
        await w.DispatchAsync();

        // Visits: two logged, one deleted again.
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var home = await (await admin.PostAsJsonAsync($"/api/retirees/{silent}/visits/", new { date, kind = "home", visitors = "小王" })).JsonAsync();
        await admin.PostAsJsonAsync($"/api/retirees/{late}/visits/", new { date, kind = "phone", visitors = "小李" });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/retirees/{silent}/visits/{home["id"]}")).StatusCode);

        var counts = await CountsAsync(admin, date);
        var recount = await RecountAsync(admin, day, date);
        // A deleted visit leaves no row to recount; its count moved to "deleted", checked below.
        Assert.Equal(Format(recount), Format(counts.Where(c => c.Key != (ReportKinds.Visit, VisitsDeleted)).ToDictionary()));
        // The day had what the script made: the checks above would pass on an empty day too.
        Assert.Equal(2, counts[(ReportKinds.CheckIn, "answered")].Items);
        Assert.Equal(2, counts[(ReportKinds.CheckIn, "missed")].Items); // the silent one, and the one whose SMS arrived
        Assert.Equal(1, counts[(ReportKinds.CheckIn, "undelivered")].Items);
        Assert.Equal(1, counts[(ReportKinds.SmsOutcome, "delivered")].Items);
        Assert.Equal(1, counts[(ReportKinds.IncidentResolved, "visited")].Items);
        Assert.Equal(1, counts[(ReportKinds.IncidentAcknowledged, "le60")].Items);
        Assert.Equal(1, counts[(ReportKinds.Visit, "phone")].Items);
        Assert.Equal(1, counts[(ReportKinds.Visit, VisitsDeleted)].Items);
    }

    private const string VisitsDeleted = Afterglow.App.Visits.VisitStore.Deleted;

    [Fact]
    public void Every_kind_the_reports_count_can_be_asked_for_alone()
    {
        // ReportKinds.All is written out by hand (no reflection in the Native AOT package); a kind added without it
        // would be counted but refused by ?kind=.
        var declared = typeof(ReportKinds).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(declared.Order(StringComparer.Ordinal), ReportKinds.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task One_kinds_counts_are_those_of_the_whole_report_for_that_kind()
    {
        // A day with a check-in sent and a visit logged: two kinds counted.
        var day = w.NextDay();
        var (retireeId, _) = await w.RetireeAsync("计数老人", []);
        await w.PlanAsync(retireeId);
        w.At(day, "09:00");
        await w.SweepAsync();
        var admin = await w.AdminAsync();
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((await admin.PostAsJsonAsync($"/api/retirees/{retireeId}/visits/", new { date, kind = "phone", visitors = "王" })).IsSuccessStatusCode);
        var query = $"from={date}&to={date}";
        var whole = await (await admin.GetAsync($"/api/reports?{query}")).JsonAsync();
        Assert.Contains(whole["days"]!.AsArray(), d => d!["kind"]!.GetValue<string>() != ReportKinds.Visit); // other kinds that day
        var visits = await (await admin.GetAsync($"/api/reports?{query}&kind={ReportKinds.Visit}")).JsonAsync();
        foreach (var part in new[] { "days", "months" })
        {
            var expected = whole[part]!.AsArray().Where(d => d!["kind"]!.GetValue<string>() == ReportKinds.Visit).Select(d => d!.ToJsonString()).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, visits[part]!.AsArray().Select(d => d!.ToJsonString()).ToList());
        }
        var unknown = await admin.GetAsync($"/api/reports?{query}&kind=deaths");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.JsonAsync())["errors"]!["kind"] is not null);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-12-02&to=2026-12-01", "from")]
    [InlineData("from=2024-01-01&to=2026-12-01", "from")]
    public async Task A_bad_period_is_a_problem_naming_the_field(string query, string field)
    {
        var response = await (await w.AdminAsync()).GetAsync($"/api/reports?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync())["errors"]![field] is not null);
    }

    private static string Format(Dictionary<(string Kind, string State), (long Items, long Amount)> d) =>
        string.Join("\n", d.Where(kv => kv.Value != (0, 0)).OrderBy(kv => kv.Key).Select(kv => $"{kv.Key.Kind} {kv.Key.State}: {kv.Value.Items} ({kv.Value.Amount})"));

    private static async Task<Dictionary<(string, string), (long Items, long Amount)>> CountsAsync(HttpClient admin, string date)
    {
        var response = await admin.GetAsync($"/api/reports?from={date}&to={date}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        return body["days"]!.AsArray().Select(d => d!.AsObject()).Where(d => d["period"]!.GetValue<string>() == date)
            .ToDictionary(d => (d["kind"]!.GetValue<string>(), d["state"]!.GetValue<string>()), d => (d["items"]!.GetValue<long>(), d["amount"]!.GetValue<long>()));
    }

    /// <summary>The same numbers counted from the raw rows: the day's check-ins, the incidents, the outbox, the visits.</summary>
    private async Task<Dictionary<(string, string), (long Items, long Amount)>> RecountAsync(HttpClient admin, DateOnly day, string date)
    {
        var counts = w.Get<ReportCounts>();
        var d = new Dictionary<(string, string), (long Items, long Amount)>();
        void Add(string kind, string state, long amount = 1)
        {
            var n = d.GetValueOrDefault((kind, state));
            d[(kind, state)] = (n.Items + 1, n.Amount + amount);
        }
        foreach (var c in await w.Get<CheckInStore>().ListAsync(CheckInStore.DayPartition(day), CancellationToken.None))
            Add(ReportKinds.CheckIn, ReportKinds.State(c.Status));
        var store = w.Get<IncidentStore>();
        var summaries = (await store.ListOpenAsync(CancellationToken.None)).Concat(await store.ListClosedAsync(500, null, CancellationToken.None)).DistinctBy(s => s.Id);
        foreach (var s in summaries)
        {
            var i = (await store.GetAsync(s.Id, CancellationToken.None))!.Value.Incident;
            if (counts.DayOf(i.OpenedAt) == day) Add(ReportKinds.IncidentOpened, ReportKinds.State(i.Kind));
            if (i.Acknowledged is { } ack && counts.DayOf(ack.At) == day) Add(ReportKinds.IncidentAcknowledged, ReportKinds.AckBucket(ack.At - i.OpenedAt));
            if (i.Resolution is { } r && i.Status == Afterglow.Domain.CheckIns.IncidentStatus.Resolved && counts.DayOf(r.At) == day) Add(ReportKinds.IncidentResolved, ReportKinds.State(r.Outcome));
        }
        foreach (var m in await w.Get<OutboxStore>().ListRecentAsync(CareWorld.Local(day, "00:00").AddDays(-1), null, null, 1000, CancellationToken.None))
        {
            if (m.SentAt is { } sent && counts.DayOf(sent) == day) Add(ReportKinds.SmsSent, ReportKinds.State(m.Purpose), m.Segments);
            if (m.IsFinal && counts.DayOf(m.SentAt ?? m.CreatedAt) == day) Add(ReportKinds.SmsOutcome, ReportKinds.State(m.State), m.Segments);
        }
        var visits = await (await admin.GetAsync($"/api/visits/?from={date}&to={date}")).JsonAsync();
        foreach (var v in visits["items"]!.AsArray()) Add(ReportKinds.Visit, v!["kind"]!.GetValue<string>());
        return d;
    }

    private async Task<CheckIn> CheckInAsync(DateOnly day, string retireeId) =>
        (await w.Get<CheckInStore>().GetAsync(CheckInStore.IdOf(CheckInStore.DayPartition(day), retireeId), CancellationToken.None))!.Value.CheckIn;

    private async Task<HttpResponseMessage> PostAsync(string function, JsonObject e) =>
        await fx.App.Anonymous().PostJsonAsync($"/{function}", new JsonObject { ["Data"] = new JsonObject { ["event"] = e.DeepClone() }, ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = function } } }.ToJsonString());

    private JsonObject Received(string from, string text) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["subject"] = $"/phonenumber/{from.TrimStart('+')}", ["eventType"] = "Microsoft.Communication.SMSReceived",
        ["eventTime"] = fx.App.Clock.GetUtcNow().ToString("O"), ["dataVersion"] = "1.0", ["metadataVersion"] = "1",
        ["data"] = new JsonObject
        {
            ["MessageId"] = $"Incoming_{Guid.NewGuid():N}", ["From"] = from.TrimStart('+'), ["To"] = "18005550100", ["Message"] = text,
            ["ReceivedTimestamp"] = fx.App.Clock.GetUtcNow().ToString("O"),
        },
    };

    private JsonObject Report(FakeAcsServer.Sent sent, string status) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["subject"] = $"/phonenumber/{sent.To.TrimStart('+')}", ["eventType"] = "Microsoft.Communication.SMSDeliveryReportReceived",
        ["eventTime"] = fx.App.Clock.GetUtcNow().ToString("O"), ["dataVersion"] = "1.0", ["metadataVersion"] = "1",
        ["data"] = new JsonObject
        {
            ["messageId"] = sent.MessageId, ["from"] = "18005550100", ["to"] = sent.To, ["deliveryStatus"] = status, ["deliveryStatusDetails"] = "No error.",
            ["tag"] = sent.Tag, ["receivedTimestamp"] = fx.App.Clock.GetUtcNow().ToString("O"),
        },
    };
}
