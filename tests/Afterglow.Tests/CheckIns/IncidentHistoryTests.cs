using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.CheckIns;

/// <summary>A resolved incident keeps its record: readable by link and in the history (staff, and the paired volunteer only), by period, in pages, and as a file.</summary>
public class IncidentHistoryTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    private static string Id(JsonNode? n) => n!["id"]!.GetValue<string>();

    /// <summary>The office's day now: the classes' tests share one clock that only moves forward.</summary>
    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), CareWorld.Zone).DateTime);

    private static async Task<JsonArray> ItemsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/incidents/history?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["items"]!.AsArray();
    }

    /// <summary>A call for help, resolved at once by the coordinator: one closed incident at the clock's time.</summary>
    private static async Task<string> ResolvedHelpAsync(CareWorld w, HttpClient by, string phone, string retireeId, string outcome, string note)
    {
        Assert.True(await w.ReplyAsync(phone, "HELP"));
        var id = (await w.OpenIncidentsAsync(retireeId)).Single().Id;
        var resolved = await by.PostAsJsonAsync($"/api/incidents/{id}/resolve", new { outcome, note });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        return id;
    }

    [Fact]
    public async Task A_resolved_incident_stays_readable_with_timeline_outcome_and_note_by_staff_and_its_own_volunteer_only()
    {
        var w = await CareWorld.StartAsync(app);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (coordinator, _) = await app.SignInAsAsync("coordinator");
        var me = await (await coordinator.GetAsync("/api/me")).JsonAsync();
        var (alice, aliceId) = await app.SignInAsAsync("volunteer");
        var (bob, _) = await app.SignInAsAsync("volunteer");
        var (retireeId, phone) = await w.RetireeAsync("蔡老师", [aliceId!]);

        Assert.True(await w.ReplyAsync(phone, "HELP"));
        var id = (await w.OpenIncidentsAsync(retireeId)).Single().Id;
        (await coordinator.PostAsJsonAsync($"/api/incidents/{id}/notes", new { note = "邻居说屋里有动静" })).EnsureSuccessStatusCode();
        (await coordinator.PostAsJsonAsync($"/api/incidents/{id}/resolve", new { outcome = "hospitalised", note = "开锁，120送医院" })).EnsureSuccessStatusCode();
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));

        // By direct link: the whole timeline, the outcome and the note; each line with its code, authors by display name.
        foreach (var reader in new[] { coordinator, alice })
        {
            var detail = await (await reader.GetAsync($"/api/incidents/{id}")).JsonAsync();
            Assert.Equal("resolved", detail["status"]!.GetValue<string>());
            Assert.Equal("hospitalised", detail["resolution"]!["outcome"]!.GetValue<string>());
            Assert.Equal("开锁，120送医院", detail["resolution"]!["note"]!.GetValue<string>());
            var timeline = detail["timeline"]!.AsArray();
            Assert.Contains(timeline, e => e!["code"]?.GetValue<string>() == "opened.help" && e["args"]!["at"] is not null);
            Assert.Contains(timeline, e => e!["code"]?.GetValue<string>() == "note" && e["args"]!["text"]!.GetValue<string>() == "邻居说屋里有动静"
                && e["actor"]!.GetValue<string>() == me["displayName"]!.GetValue<string>());
            Assert.Contains(timeline, e => e!["code"]?.GetValue<string>() == "resolved" && e["args"]!["outcome"]!.GetValue<string>() == "hospitalised"
                && e["args"]!["note"]!.GetValue<string>() == "开锁，120送医院");
            Assert.DoesNotContain(timeline, e => e!["actor"]!.GetValue<string>().Contains('@'));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/incidents/{id}")).StatusCode);

        // In the history: staff and the paired volunteer, not another volunteer; who resolved it and what they wrote.
        var listed = (await ItemsAsync(coordinator, $"retireeId={retireeId}")).Single();
        Assert.Equal(id, Id(listed));
        Assert.Equal("开锁，120送医院", listed!["note"]!.GetValue<string>());
        Assert.Equal(me["displayName"]!.GetValue<string>(), listed["resolvedBy"]!.GetValue<string>());
        Assert.Equal("hospitalised", listed["outcome"]!.GetValue<string>());
        Assert.Contains(await ItemsAsync(alice, "max=200"), i => Id(i) == id);
        Assert.DoesNotContain(await ItemsAsync(bob, "max=200"), i => Id(i) == id);
        Assert.Empty(await ItemsAsync(bob, $"retireeId={retireeId}"));

        // By the office day it was resolved on.
        var day = Today.ToString("yyyy-MM-dd");
        Assert.Contains(await ItemsAsync(coordinator, $"from={day}&to={day}&max=200"), i => Id(i) == id);
        var before = Today.AddDays(-1).ToString("yyyy-MM-dd");
        Assert.DoesNotContain(await ItemsAsync(coordinator, $"from={before}&to={before}&max=200"), i => Id(i) == id);
    }

    [Fact]
    public async Task The_history_pages_newest_first_without_gaps_or_repeats()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var (retireeId, phone) = await w.RetireeAsync("页老师", []);
        var ids = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add(await ResolvedHelpAsync(w, admin, phone, retireeId, "well", ""));
        }
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/incidents/history?retireeId={retireeId}&max=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"))).JsonAsync();
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(Id));
            cursor = page["next"]?.GetValue<string>();
            Assert.True(cursor is null || items.Count == 2, "a next page only after a full one");
        } while (cursor is not null);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task Resolved_incidents_of_a_period_export_in_the_office_language_for_staff_only()
    {
        var w = await CareWorld.StartAsync(app);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var admin = await w.AdminAsync();
        var (volunteer, volunteerId) = await app.SignInAsAsync("volunteer");
        var (retireeId, phone) = await w.RetireeAsync("表老师", [volunteerId!]);
        await ResolvedHelpAsync(w, admin, phone, retireeId, "hospitalised", "开锁，120送医院");
        var day = Today.ToString("yyyy-MM-dd");
        var resolvedAt = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), CareWorld.Zone).ToString("yyyy-MM-dd HH:mm");

        var zh = await admin.GetAsync($"/api/incidents/history/export?from={day}&to={day}&format=csv");
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        var zhText = Encoding.UTF8.GetString(await zh.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF编号,姓名,类别,开始时间,解决时间,结果,处理人,情况说明", zhText);
        var row = zhText.Split("\r\n").Single(l => l.Contains("表老师"));
        Assert.Contains("求助", row);
        Assert.Contains("已住院", row);
        Assert.Contains("开锁，120送医院", row);
        Assert.Contains(resolvedAt, row);

        var en = Encoding.UTF8.GetString(await (await admin.GetAsync($"/api/incidents/history/export?from={day}&to={day}&format=csv&language=en")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Hospitalised", en.Split("\r\n").Single(l => l.Contains("表老师")));
        var xlsx = await admin.GetAsync($"/api/incidents/history/export?from={day}&to={day}&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);

        // Another period does not hold it; volunteers do not export; bad input names its field.
        var other = Today.AddDays(-1).ToString("yyyy-MM-dd");
        Assert.DoesNotContain("表老师", Encoding.UTF8.GetString(await (await admin.GetAsync($"/api/incidents/history/export?from={other}&to={other}")).Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync($"/api/incidents/history/export?from={day}&to={day}")).StatusCode);
        Assert.True((await (await admin.GetAsync("/api/incidents/history/export")).ErrorsAsync()).ContainsKey("from"));
        Assert.True((await (await admin.GetAsync($"/api/incidents/history/export?from={day}&to={day}&format=pdf")).ErrorsAsync()).ContainsKey("format"));
        Assert.True((await (await admin.GetAsync("/api/incidents/history?cursor=nonsense")).ErrorsAsync()).ContainsKey("cursor"));
        Assert.True((await (await admin.GetAsync("/api/incidents/history?max=0")).ErrorsAsync()).ContainsKey("max"));
        Assert.True((await (await admin.GetAsync($"/api/incidents/history?from={day}&to={other}")).ErrorsAsync()).ContainsKey("to"));
    }
}
