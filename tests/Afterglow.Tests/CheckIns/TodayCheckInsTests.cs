using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// Today asks for the day's waiting check-ins only (?status=sent) with the day's counts over all of them: the office's
/// ~2,000 rows stay in storage (issue 14). A volunteer's counts are their paired retirees' only.
/// </summary>
public class TodayCheckInsTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Only_the_status_asked_for_comes_back_and_the_counts_cover_the_whole_day()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerEmail, volunteerId) = await app.CreateAccountAsync("volunteer");
        var (a, phoneA) = await w.RetireeAsync("甲", [volunteerId!]);
        var (b, _) = await w.RetireeAsync("乙", [volunteerId!]);
        var (c, _) = await w.RetireeAsync("丙", []);
        foreach (var id in new[] { a, b, c }) await w.PlanAsync(id);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        Assert.True(await w.ReplyAsync(phoneA, "1"));
        var admin = await w.AdminAsync();

        var waiting = await PageAsync(admin, $"/api/checkins?day={day:yyyy-MM-dd}&status=sent");
        Assert.Equal([b, c], waiting["items"]!.AsArray().Select(x => x!["retireeId"]!.GetValue<string>()).Order());
        Assert.All(waiting["items"]!.AsArray(), x => Assert.Equal("sent", x!["status"]!.GetValue<string>()));
        Assert.Equal((1, 2, 0, 0), Counts(waiting));

        var everything = await PageAsync(admin, $"/api/checkins?day={day:yyyy-MM-dd}");
        Assert.Equal(3, everything["items"]!.AsArray().Count);
        Assert.Equal((1, 2, 0, 0), Counts(everything));
        var answered = await PageAsync(admin, $"/api/checkins?day={day:yyyy-MM-dd}&status=answered");
        Assert.Equal(a, Assert.Single(answered["items"]!.AsArray())!["retireeId"]!.GetValue<string>());

        // The volunteer (signed in now: moving the clock a day ended any earlier session): their two retirees, counted alone; the unpaired one is neither listed nor counted.
        var volunteer = await app.SignInAsync(volunteerEmail, AppFactory.AccountPassword);
        var theirs = await PageAsync(volunteer, $"/api/checkins?day={day:yyyy-MM-dd}&status=sent");
        Assert.Equal(b, Assert.Single(theirs["items"]!.AsArray())!["retireeId"]!.GetValue<string>());
        Assert.Equal((1, 1, 0, 0), Counts(theirs));
    }

    [Theory]
    [InlineData("lost")]
    [InlineData("1")]
    [InlineData("1; DROP")]
    public async Task A_status_that_is_not_one_is_a_field_error(string status)
    {
        var response = await (await app.AdminAsync()).GetAsync($"/api/checkins?status={Uri.EscapeDataString(status)}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("status", await response.Content.ReadAsStringAsync());
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static (int, int, int, int) Counts(System.Text.Json.Nodes.JsonObject page) =>
        (page["answered"]!.GetValue<int>(), page["notYet"]!.GetValue<int>(), page["missed"]!.GetValue<int>(), page["undelivered"]!.GetValue<int>());
}
