using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>Any reply is a sign of life: words nobody can grade answer the check-in and wait for a person to read.</summary>
public class UnclearReplyTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task An_unclear_reply_answers_the_check_in_starts_no_escalation_and_waits_to_be_read()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("邓志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("邱联络", "liaison", "east");
        var (retireeId, retireePhone) = await w.RetireeAsync("钱淑芬", [volunteerId], "east");
        await w.PlanAsync(retireeId);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        w.App.Clock.SetUtcNow(CareWorld.Local(day, "09:20"));
        Assert.Equal(InboundOutcome.ToRead, await w.InboundAsync(retireePhone, "今天下雨了，我儿子明天过来看我"));
        var checkIn = (await w.CheckInAsync(day, retireeId))!;
        Assert.Equal(CheckInStatus.Answered, checkIn.Status);
        Assert.Equal(ReplyKind.Unclear, checkIn.Answer);

        foreach (var t in new[] { "11:00", "12:00", "13:00", "15:00" }) await w.AtAsync(day, t);
        Assert.Empty(await w.OpenIncidentsAsync(retireeId));
        Assert.Empty(w.Sms.To(volunteerPhone));
        Assert.Empty(w.Sms.To(liaisonPhone));
        Assert.DoesNotContain(w.Sms.To(retireePhone), m => m.TemplateId == CareTemplates.Reminder);

        // In the replies to read, linked to the retiree and the check-in.
        var item = Assert.Single(await w.InboxAsync(retireeId, "open"))!.AsObject();
        Assert.Equal("toRead", item["flag"]!.GetValue<string>());
        Assert.Equal("unclear", item["answer"]!.GetValue<string>());
        Assert.Equal(checkIn.Id, item["checkInIds"]![0]!.GetValue<string>());

        // The coordinator reads it as unwell: the volunteer is asked to call, once, however often it is clicked.
        var admin = await w.AdminAsync();
        var id = item["id"]!.GetValue<string>();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/messages/inbox/{id}/answer", new { answer = "unwell" })).StatusCode);
        Assert.Equal(CareTemplates.CallBack, Assert.Single(w.Sms.To(volunteerPhone)).TemplateId);
        Assert.Equal(0, w.Sms.Repeats);
        Assert.Equal(ReplyKind.Unwell, (await w.CheckInAsync(day, retireeId))!.Answer);
        Assert.Empty(await w.InboxAsync(retireeId, "open"));

        var bad = await admin.PostAsJsonAsync($"/api/messages/inbox/{id}/answer", new { answer = "fine" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.ErrorsAsync()).ContainsKey("answer"));
    }

}

public class UnclearAfterWindowTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task An_unclear_reply_after_the_window_closed_resolves_the_silence_before_it_reaches_a_volunteer()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("孙志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("周德胜", [volunteerId]);
        await w.PlanAsync(retireeId);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        await w.AtAsync(day, "11:00");
        var incident = await w.OnlyIncidentAsync(retireeId);
        w.App.Clock.SetUtcNow(CareWorld.Local(day, "11:30"));
        Assert.Equal(InboundOutcome.ToRead, await w.InboundAsync(retireePhone, "？？"));

        Assert.Equal(IncidentStatus.Resolved, (await w.IncidentAsync(incident.Id)).Status);
        await w.AtAsync(day, "12:00");
        await w.AtAsync(day, "14:00");
        Assert.Empty(w.Sms.To(volunteerPhone));
        Assert.Single(await w.InboxAsync(retireeId, "open"));
    }

}

public class UnclearMarkedHelpTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_help_mark_opens_the_urgent_incident()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("陆志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("冯桂英", [volunteerId]);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        Assert.Equal(InboundOutcome.ToRead, await w.InboundAsync(retireePhone, "老张在睡觉，你们下午再来"));
        var id = (await w.InboxAsync(retireeId, "open"))[0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await (await w.AdminAsync()).PostAsJsonAsync($"/api/messages/inbox/{id}/answer", new { answer = "help" })).StatusCode);
        Assert.Equal(IncidentKind.Help, (await w.OnlyIncidentAsync(retireeId)).Kind);
        Assert.Equal(CareTemplates.HelpAlert, Assert.Single(w.Sms.To(volunteerPhone)).TemplateId);
    }
}

/// <summary>A couple sharing one phone: one reply answers both check-ins; an unclear one is one item linked to both.</summary>
public class SharedNumberTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task One_reply_answers_both_and_an_unclear_one_is_one_item_for_both()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("白志愿", "volunteer");
        var phone = CareWorld.NewPhone();
        var (husband, _) = await w.RetireeAsync("赵建国", [volunteerId], mobile: phone);
        var (wife, _) = await w.RetireeAsync("李秀兰", [volunteerId], mobile: phone);
        await w.PlanAsync(husband);
        await w.PlanAsync(wife);

        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");
        Assert.Equal(InboundOutcome.Care, await w.InboundAsync(phone, "都挺好的👍"));
        Assert.Equal(ReplyKind.Well, (await w.CheckInAsync(day, husband))!.Answer);
        Assert.Equal(ReplyKind.Well, (await w.CheckInAsync(day, wife))!.Answer);

        day = CareWorld.Day(2);
        await w.AtAsync(day, "09:00");
        Assert.Equal(InboundOutcome.ToRead, await w.InboundAsync(phone, "他去钓鱼了，我在家做饭"));
        foreach (var t in new[] { "11:00", "12:00", "13:00" }) await w.AtAsync(day, t);
        Assert.Empty(await w.OpenIncidentsAsync(husband));
        Assert.Empty(await w.OpenIncidentsAsync(wife));
        Assert.Empty(w.Sms.To(volunteerPhone));
        // Linked to one of them by id (the first), naming both.
        var item = Assert.Single((await w.InboxAsync(husband, "open")).Concat(await w.InboxAsync(wife, "open")))!.AsObject();
        Assert.Equal(2, item["checkInIds"]!.AsArray().Count);
        Assert.Contains("李秀兰", item["retireeName"]!.GetValue<string>());
    }
}

/// <summary>Redelivery and racing copies change state once; odd texts are stored and shown, never an error.</summary>
public class InboundOnceTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task The_same_message_id_again_changes_nothing_even_after_the_item_was_handled()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("江志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("何玉梅", [volunteerId]);
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        await w.AtAsync(day, "09:00");

        Assert.Equal(InboundOutcome.ToRead, await w.InboundAsync(retireePhone, "我在外面买菜呢等会说", "m-1"));
        var admin = await w.AdminAsync();
        var id = (await w.InboxAsync(retireeId))[0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/messages/inbox/{id}/handled", new { note = "phoned her, all fine" })).StatusCode);

        Assert.Equal(InboundOutcome.Duplicate, await w.InboundAsync(retireePhone, "我在外面买菜呢等会说", "m-1"));
        var item = Assert.Single(await w.InboxAsync(retireeId))!.AsObject();
        Assert.True(item["handled"]!.GetValue<bool>());
        Assert.Equal("phoned her, all fine", item["note"]!.GetValue<string>());

        // An unwell reply delivered twice: one call-back SMS.
        await w.AtAsync(day.AddDays(1), "09:00");
        await w.InboundAsync(retireePhone, "2", "m-2");
        await w.InboundAsync(retireePhone, "2", "m-2");
        Assert.Single(w.Sms.To(volunteerPhone), m => m.TemplateId == CareTemplates.CallBack);
        Assert.Equal(0, w.Sms.Repeats);
    }

}

public class InboundRaceTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Racing_copies_of_a_help_reply_open_one_incident_with_no_repeated_note()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("范志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("严国庆", [volunteerId]);
        await w.PlanAsync(retireeId);
        await w.AtAsync(CareWorld.Day(1), "09:00");

        var copies = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try { return (InboundOutcome?)await w.InboundAsync(retireePhone, "救命", "race-1"); }
            catch (InboundBusyException) { return null; } // the gateway delivers it again later
        }));
        // One copy acts; the others find it busy (and fail, to be redelivered) or already done.
        Assert.Single(copies, c => c is not (null or InboundOutcome.Duplicate));
        Assert.Contains(InboundOutcome.Care, copies);
        var incident = await w.OnlyIncidentAsync(retireeId);
        var timeline = await app.Services.GetRequiredService<IncidentStore>().TimelineAsync(incident.Id, CancellationToken.None);
        Assert.DoesNotContain(timeline, e => e.Detail.Contains("again", StringComparison.Ordinal));
        Assert.Single(w.Sms.To(volunteerPhone));
        // The busy copies' redelivery, after the first finished: nothing more.
        Assert.Equal(InboundOutcome.Duplicate, await w.InboundAsync(retireePhone, "救命", "race-1"));
    }

}

/// <summary>Each case on its own day of the shared clock.</summary>
public class OddTextTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    private static int _day;

    [Theory]
    [InlineData("")]
    [InlineData("\u0001\u0007\u001b[31m")]
    [InlineData("🐶🐱🐭")]
    [InlineData("long")]
    public async Task Odd_texts_answer_the_check_in_and_are_kept_for_a_person(string text)
    {
        if (text == "long") text = string.Concat(Enumerable.Repeat("今天去公园散步了然后", 250)); // 2,500 characters
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, _) = await w.PersonAsync("任志愿", "volunteer");
        var (retireeId, retireePhone) = await w.RetireeAsync("秦明", [volunteerId]);
        var day = CareWorld.Day(1 + 2 * Interlocked.Increment(ref _day));
        await w.AtAsync(day.AddDays(-1), "10:00");
        await w.PlanAsync(retireeId);
        await w.AtAsync(day, "09:00");

        Assert.Equal(InboundOutcome.ToRead, await w.InboundAsync(retireePhone, text));
        Assert.Equal(CheckInStatus.Answered, (await w.CheckInAsync(day, retireeId))!.Status);
        Assert.Equal(text, Assert.Single(await w.InboxAsync(retireeId))!["text"]!.GetValue<string>());

        // After the check-in is answered and closed, another message is still kept (in the ordinary inbox).
        Assert.Equal(InboundOutcome.Inbox, await w.InboundAsync(retireePhone, "对了，下周我去女儿家"));
        Assert.Equal(2, (await w.InboxAsync(retireeId)).Count);
    }
}
