using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;

namespace Afterglow.Tests.CheckIns;

/// <summary>The retiree's page asks for their own check-ins, incidents and replies only (?retireeId=), not the office's.</summary>
public class OneRetireeListTests : IClassFixture<CareAppFactory>
{
    private readonly CareAppFactory _app;
    public OneRetireeListTests(CareAppFactory app) => _app = app;

    [Fact]
    public async Task Check_ins_inbox_replies_and_open_and_closed_incidents_can_be_asked_for_one_retiree()
    {
        var w = await CareWorld.StartAsync(_app);
        var (volunteerId, _) = await w.PersonAsync("孙志愿", "volunteer");
        var (a, phoneA) = await w.RetireeAsync("甲", [volunteerId]);
        var (b, phoneB) = await w.RetireeAsync("乙", [volunteerId]);
        await w.PlanAsync(a);
        await w.PlanAsync(b);

        // Replies that are not answers land in the inbox, linked to whoever sent them.
        var admin0 = await w.AdminAsync();
        Assert.Equal("inbox", await admin0.ReplyOnDevPhoneAsync(_app, phoneA, "这周我去女儿家住"));
        Assert.Equal("inbox", await admin0.ReplyOnDevPhoneAsync(_app, phoneB, "谢谢你们的关心"));
        var inboxA = await (await admin0.GetAsync($"/api/messages/inbox?status=all&retireeId={a}")).JsonArrayAsync();
        Assert.Equal("这周我去女儿家住", Assert.Single(inboxA)!["text"]!.GetValue<string>());
        Assert.Equal(2, (await (await admin0.GetAsync("/api/messages/inbox?status=all")).JsonArrayAsync()).Count);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        var admin = await w.AdminAsync();

        var all = await (await admin.GetAsync($"/api/checkins?day={day:yyyy-MM-dd}")).JsonAsync();
        Assert.Equal(2, all["items"]!.AsArray().Count);
        var onlyA = await (await admin.GetAsync($"/api/checkins?day={day:yyyy-MM-dd}&retireeId={a}")).JsonAsync();
        Assert.Equal([a], onlyA["items"]!.AsArray().Select(c => c!["retireeId"]!.GetValue<string>()));

        // Both missed: two open incidents, one each.
        Assert.Equal(2, (await (await admin.GetAsync("/api/incidents?status=open")).JsonArrayAsync()).Count);
        var openA = await (await admin.GetAsync($"/api/incidents?status=open&retireeId={a}")).JsonArrayAsync();
        var incidentA = Assert.Single(openA)!["id"]!.GetValue<string>();

        (await admin.PostAsJsonAsync($"/api/incidents/{incidentA}/resolve", new { outcome = "reachedByPhone", note = "在女儿家" })).EnsureSuccessStatusCode();
        var closedA = await (await admin.GetAsync($"/api/incidents?status=closed&max=1&retireeId={a}")).JsonArrayAsync();
        Assert.Equal(incidentA, Assert.Single(closedA)!["id"]!.GetValue<string>());
        Assert.Empty(await (await admin.GetAsync($"/api/incidents?status=closed&retireeId={b}")).JsonArrayAsync());
        Assert.Single(await (await admin.GetAsync($"/api/incidents?status=open&retireeId={b}")).JsonArrayAsync());
    }

    [Theory]
    [InlineData("/api/checkins?retireeId=")]
    [InlineData("/api/checkins?retireeId=a%2Fb")]
    [InlineData("/api/incidents?status=closed&retireeId=r'1")]
    [InlineData("/api/incidents?status=open&retireeId=x1")]
    [InlineData("/api/messages/inbox?retireeId=r%20")]
    public async Task A_retiree_id_of_the_wrong_shape_is_a_field_error(string url)
    {
        var w = await CareWorld.StartAsync(_app);
        var response = await (await w.AdminAsync()).GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey("retireeId"));
    }
}
