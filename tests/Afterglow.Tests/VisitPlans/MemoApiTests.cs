using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.VisitPlans;

/// <summary>The annual memo (工作备忘录) on Azurite, in an app of its own. The office's day is 2026-11-22, 10:00.</summary>
public class MemoApiTests(AppFactory app) : AppTests(app)
{
    private static readonly object[] Dates =
    [
        new { date = "2026-12-20", title = "第一党支部年终总结会", kind = "branchMeeting" },
        new { date = "2026-10-25", title = "重阳节集体生日会", kind = "birthdayCelebration" },
        new { date = "2026-12-10", title = "养老金资格认证截止", kind = "certification", smsText = "请于12月10日前完成养老金资格认证。" },
    ];

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string year, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/memos/{year}") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private async Task<(HttpClient Admin, JsonObject Memo)> MemoAsync(string year = "2026")
    {
        var admin = await App.AdminAsync();
        var current = await admin.GetAsync($"/api/memos/{year}");
        var saved = await PutAsync(admin, year, new { entries = Dates }, current.Headers.ETag!.Tag);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        return (admin, await saved.JsonAsync());
    }

    [Fact]
    public async Task The_memo_is_saved_in_date_order_under_its_ETag_and_exported_in_Chinese()
    {
        var (admin, memo) = await MemoAsync("2026");
        Assert.Equal(["2026-10-25", "2026-12-10", "2026-12-20"], memo["entries"]!.AsArray().Select(e => e!["date"]!.GetValue<string>()));
        Assert.All(memo["entries"]!.AsArray(), e => Assert.Matches("^e[0-9a-f]{10}$", e!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(admin, "2026", new { entries = Dates }, "\"0\"")).StatusCode);
        Assert.Equal((HttpStatusCode)428, (await PutAsync(admin, "2026", new { entries = Dates }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/memos/1999")).StatusCode);

        var csv = Encoding.UTF8.GetString(await (await admin.GetAsync("/api/memos/2026/export?format=csv")).Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("日期,事项,类别,说明,短信内容\r\n2026-10-25,重阳节集体生日会,集体生日会,,\r\n", csv);
        Assert.Contains("2026-12-10,养老金资格认证截止,养老金资格认证,,请于12月10日前完成养老金资格认证。\r\n", csv);
        var en = Encoding.UTF8.GetString(await (await admin.GetAsync("/api/memos/2026/export?format=csv&language=en")).Content.ReadAsByteArrayAsync());
        Assert.Contains("2026-12-20,第一党支部年终总结会,Branch meeting,,", en);
    }

    [Theory]
    [InlineData("""{ }""", "entries")]
    [InlineData("""{ "entries": [{ "date": "2027-01-01", "title": "春节", "kind": "festival" }] }""", "entries[0].date")]
    [InlineData("""{ "entries": [{ "date": "2025-01-01", "title": "", "kind": "festival" }] }""", "entries[0].title")]
    [InlineData("""{ "entries": [{ "date": "2025-01-01", "title": "春节" }] }""", "entries[0].kind")]
    [InlineData("""{ "entries": [{ "date": "2025-01-01", "title": "春节", "kind": "party" }] }""", "entries[0].kind")]
    [InlineData("""{ "entries": [{ "id": "e0000000000", "date": "2025-01-01", "title": "春节", "kind": "festival" }] }""", "entries[0].id")]
    [InlineData("""{ "entries": [{ "date": "2025-01-01", "kind": "festival", "title": "春节", "colour": "red" }] }""", "entries[0].colour")]
    public async Task Bad_memos_are_field_errors_and_change_nothing(string json, string field)
    {
        var admin = await App.AdminAsync();
        var current = await admin.GetAsync("/api/memos/2025");
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/memos/2025") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ErrorsAsync();
        Assert.True(errors.Any(e => e.Key.StartsWith(field, StringComparison.OrdinalIgnoreCase)), $"expected an error on {field}: {errors.ToJsonString()}");
        Assert.Equal(current.Headers.ETag!.Tag, (await admin.GetAsync("/api/memos/2025")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Sending_drafts_one_broadcast_per_date_ahead_and_sending_again_drafts_nothing_twice()
    {
        var (admin, _) = await MemoAsync("2026");
        (await admin.PostAsJsonAsync("/api/retirees", new { name = "备忘", birthDate = "1941-01-01", mobile = "13500135101", unit = "memo-unit" })).EnsureSuccessStatusCode();
        var segment = (await (await admin.PostAsJsonAsync("/api/segments", new { name = "备忘对象", filter = new { unit = "memo-unit" } })).JsonAsync())["id"]!.GetValue<string>();

        foreach (var (body, field) in new (object, string)[] { (new { segmentId = segment, daysBefore = 99 }, "daysBefore"), (new { segmentId = segment, at = "9am" }, "at"),
            (new { daysBefore = 3 }, "segmentId"), (new { filter = new { unit = "nobody-here" } }, "filter") })
        {
            var bad = await admin.PostAsJsonAsync("/api/memos/2026/send", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.ErrorsAsync()).ContainsKey(field), field);
        }
        Assert.All((await (await admin.GetAsync("/api/memos/2026")).JsonAsync())["entries"]!.AsArray(), e => Assert.Null(e!["broadcastId"]?.GetValue<string>()));

        var sent = await (await admin.PostAsJsonAsync("/api/memos/2026/send", new { segmentId = segment, daysBefore = 3, at = "09:00" })).JsonAsync();
        Assert.Equal((2, 0, 1), (sent["drafted"]!.GetValue<int>(), sent["alreadyDrafted"]!.GetValue<int>(), sent["past"]!.GetValue<int>()));
        var ids = sent["broadcastIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        var first = (await (await admin.GetAsync($"/api/broadcasts/{ids[0]}")).JsonAsync())["broadcast"]!;
        Assert.Equal(("draft", "2026 养老金资格认证截止", "请于12月10日前完成养老金资格认证。"), (first["state"]!.GetValue<string>(), first["name"]!.GetValue<string>(), first["parameters"]!["text"]!.GetValue<string>()));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), first["sendAt"]!.GetValue<DateTimeOffset>()); // 09:00 in Shanghai
        var second = (await (await admin.GetAsync($"/api/broadcasts/{ids[1]}")).JsonAsync())["broadcast"]!;
        Assert.Equal("12月20日 第一党支部年终总结会", second["parameters"]!["text"]!.GetValue<string>());

        var again = await (await admin.PostAsJsonAsync("/api/memos/2026/send", new { segmentId = segment })).JsonAsync();
        Assert.Equal((0, 2), (again["drafted"]!.GetValue<int>(), again["alreadyDrafted"]!.GetValue<int>()));
        Assert.Equal(ids, again["broadcastIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        var drafts = await (await admin.GetAsync("/api/broadcasts")).JsonArrayAsync();
        Assert.Equal(2, drafts.Count(b => b!["name"]!.GetValue<string>().StartsWith("2026 ", StringComparison.Ordinal)));
    }
}
