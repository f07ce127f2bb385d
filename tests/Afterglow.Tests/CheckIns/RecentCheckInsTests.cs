using System.Net;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// The retiree page's week of check-ins in one request (GET /api/checkins/recent): the same rows a read of each day
/// gives, newest first, and for a volunteer only the retirees paired with them.
/// </summary>
public class RecentCheckInsTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task The_last_days_are_each_days_row_newest_first_and_a_volunteer_sees_only_their_own()
    {
        var w = await CareWorld.StartAsync(app);
        var (pairedEmail, pairedId) = await app.CreateAccountAsync("volunteer");
        var (otherEmail, _) = await app.CreateAccountAsync("volunteer");
        var (a, _) = await w.RetireeAsync("甲", [pairedId!]);
        var (b, _) = await w.RetireeAsync("乙", [pairedId!]);
        await w.PlanAsync(a);
        await w.PlanAsync(b);
        for (var d = 1; d <= 3; d++) await w.AtAsync(CareWorld.Day(d), "09:30");

        var admin = await w.AdminAsync();
        var week = await (await admin.GetAsync($"/api/checkins/recent?retireeId={a}&days=7")).JsonAsync();
        Assert.Equal(CareWorld.Day(3).ToString("yyyy-MM-dd"), week["today"]!.GetValue<string>());
        var items = week["items"]!.AsArray();
        // The rows a read of each of the seven days gives (days 1 to 3 at least), newest first.
        var perDay = new List<string>();
        for (var d = 3; d > 3 - 7; d--)
        {
            var day = await (await admin.GetAsync($"/api/checkins?day={CareWorld.Day(d):yyyy-MM-dd}&retireeId={a}")).JsonAsync();
            perDay.AddRange(day["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        }
        Assert.True(perDay.Count >= 3, string.Join(", ", perDay));
        Assert.Equal(perDay, items.Select(i => i!["id"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal(a, i!["retireeId"]!.GetValue<string>()));

        // Fewer days, fewer rows: today and yesterday.
        var two = await (await admin.GetAsync($"/api/checkins/recent?retireeId={b}&days=2")).JsonAsync();
        Assert.Equal(2, two["items"]!.AsArray().Count);
        Assert.All(two["items"]!.AsArray(), i => Assert.Equal(b, i!["retireeId"]!.GetValue<string>()));

        // The paired volunteer sees the week; another volunteer sees nothing of it (as for a day's list).
        var paired = await app.SignInAsync(pairedEmail, AppFactory.AccountPassword);
        var other = await app.SignInAsync(otherEmail, AppFactory.AccountPassword);
        Assert.Equal(perDay.Count, (await (await paired.GetAsync($"/api/checkins/recent?retireeId={a}")).JsonAsync())["items"]!.AsArray().Count);
        var notTheirs = await other.GetAsync($"/api/checkins/recent?retireeId={a}");
        Assert.Equal(HttpStatusCode.OK, notTheirs.StatusCode);
        Assert.Empty((await notTheirs.JsonAsync())["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/checkins/recent?retireeId={a}")).StatusCode);
    }

    [Theory]
    [InlineData("", "retireeId")]
    [InlineData("retireeId=a%2Fb", "retireeId")]
    [InlineData("retireeId=r01M91TE1XM3YFV4BJZ2QTCK71P&days=0", "days")]
    [InlineData("retireeId=r01M91TE1XM3YFV4BJZ2QTCK71P&days=32", "days")]
    public async Task Bad_input_is_a_field_error(string query, string field)
    {
        var w = await CareWorld.StartAsync(app);
        var response = await (await w.AdminAsync()).GetAsync("/api/checkins/recent?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field));
    }
}
