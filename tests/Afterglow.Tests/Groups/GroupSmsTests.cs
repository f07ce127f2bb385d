using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Messages;
using Afterglow.Tests.Infrastructure;
using Afterglow.Tests.Sms;

namespace Afterglow.Tests.Groups;

/// <summary>
/// SMS to a group goes the broadcast's way (a segment by group, approval by a second member of staff, the outbox,
/// the dev phone): members only, never the deceased or the opted out, and the group's members as they are when it is queued.
/// </summary>
public class GroupSmsTests(SmsAppFactory app) : IClassFixture<SmsAppFactory>
{
    private readonly SmsWorld w = new(app);

    [Fact]
    public async Task A_notice_to_a_group_reaches_its_living_members_who_take_SMS_and_nobody_else()
    {
        var day = w.NextDay();
        w.At(day, "10:00");
        var unit = "群发组" + Guid.NewGuid().ToString("N")[..6];
        var (inId, inPhone) = await w.RetireeWithAsync("组员甲", unit, new { });
        var (lateId, latePhone) = await w.RetireeWithAsync("组员乙", unit, new { });
        var (deadId, deadPhone) = await w.RetireeWithAsync("组员丙", unit, new { });
        var (stopId, stopPhone) = await w.RetireeWithAsync("组员丁", unit, new { });
        var (_, outsiderPhone) = await w.RetireeWithAsync("非组员", unit, new { });
        var admin = await w.AdminAsync();
        var group = await (await admin.PostAsJsonAsync("/api/groups", new { name = "老年合唱团" + unit[^6..], type = "interest" })).JsonAsync();
        var id = group["id"]!.GetValue<string>();
        foreach (var r in new[] { inId, deadId, stopId })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/groups/{id}/members", new { retireeId = r })).StatusCode);
        Assert.Equal("optedOut", await admin.ReplyOnDevPhoneAsync(app, stopPhone, "STOP"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/retirees/{deadId}/death", new { diedOn = day.ToString("yyyy-MM-dd"), learnedFrom = "family" })).StatusCode);

        // The segment by group counts its members, and who of them an SMS reaches.
        var count = await (await admin.PostAsJsonAsync("/api/segments/count", new { filter = new { groupId = id } })).JsonAsync();
        Assert.Equal((3, 1), (count["matched"]!.GetValue<int>(), count["recipients"]!.GetValue<int>()));
        var segment = await (await admin.PostAsJsonAsync("/api/segments", new { name = "合唱团", filter = new { groupId = id } })).JsonAsync();
        Assert.Equal(id, segment["filter"]!["groupId"]!.GetValue<string>());

        var created = await admin.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "合唱团排练", templateId = SmsTemplates.Notice, parameters = new Dictionary<string, string> { ["text"] = "周四下午排练改到三楼。" },
            segmentId = segment["id"]!.GetValue<string>(), sendAt = app.Clock.GetUtcNow(), collectAnswers = false,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var broadcast = (await created.JsonAsync())["id"]!.GetValue<string>();
        // Someone who joins before it is approved is sent it too: the group as it is when the broadcast is queued.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/groups/{id}/members", new { retireeId = lateId })).StatusCode);
        var preview = await (await admin.GetAsync($"/api/broadcasts/{broadcast}/preview")).JsonAsync();
        var excluded = preview["excluded"]!.AsArray().ToDictionary(x => x!["retireeId"]!.GetValue<string>(), x => x!["reason"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [deadId] = "deceased", [stopId] = "optedOut" }, excluded);
        await w.DispatchAsync();
        Assert.Empty(await w.OutAsync(inPhone)); // nothing before approval

        var (colleague, _) = await app.SignInAsAsync("coordinator");
        Assert.Equal("queued", (await (await colleague.PostAsJsonAsync($"/api/broadcasts/{broadcast}/approve", new { })).JsonAsync())["state"]!.GetValue<string>());
        await w.DispatchAsync();

        Assert.Contains("周四下午排练改到三楼", Assert.Single(await w.OutAsync(inPhone)).Text);
        Assert.Contains("周四下午排练改到三楼", Assert.Single(await w.OutAsync(latePhone)).Text);
        Assert.Empty(await w.OutAsync(deadPhone));
        Assert.Single(await w.OutAsync(stopPhone)); // only the STOP confirmation
        Assert.Empty(await w.OutAsync(outsiderPhone));
    }

    [Fact]
    public async Task A_filter_naming_a_group_that_does_not_exist_reaches_nobody()
    {
        var admin = await w.AdminAsync();
        var count = await (await admin.PostAsJsonAsync("/api/segments/count", new { filter = new { groupId = "g000000000000" } })).JsonAsync();
        Assert.Equal(0, count["matched"]!.GetValue<int>());
        var odd = await (await admin.PostAsJsonAsync("/api/segments/count", new { filter = new { groupId = "../x" } })).JsonAsync();
        Assert.Equal(0, odd["matched"]!.GetValue<int>());
    }
}
