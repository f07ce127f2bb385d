using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>Shared steps of the field report scenarios.</summary>
internal static class FieldSteps
{
    public static async Task<IReadOnlyList<TimelineEvent>> TimelineAsync(this CareWorld w, string incidentId) =>
        await w.App.Services.GetRequiredService<IncidentStore>().TimelineAsync(incidentId, CancellationToken.None);

    public static async Task<Retiree> RegistryAsync(this CareWorld w, string retireeId) =>
        (await w.App.Services.GetRequiredService<RetireeStore>().GetAsync(retireeId, CancellationToken.None))!.Value.Retiree;

    /// <summary>Every inbox item (any retiree or none) whose text is this.</summary>
    public static async Task<IReadOnlyList<System.Text.Json.Nodes.JsonNode>> InboxWithTextAsync(this CareWorld w, string text) =>
        (await (await (await w.AdminAsync()).GetAsync("/api/messages/inbox?status=all&max=500")).JsonArrayAsync())
            .Where(i => i!["text"]!.GetValue<string>() == text).Select(i => i!).ToList();
}

/// <summary>A liaison (no login) reports from the door and resolves by SMS; strangers with the code change nothing.</summary>
public class LiaisonFieldReportTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task A_liaison_reports_on_the_timeline_and_resolves_hospitalised_by_sms_with_one_confirmation()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("田志愿", "volunteer");
        var (_, liaisonPhone) = await w.PersonAsync("罗联络", "liaison", "west");
        var (retireeId, retireePhone) = await w.RetireeAsync("严桂兰", [volunteerId], "west");
        await w.PlanAsync(retireeId);
        var day = CareWorld.Day(1);
        foreach (var t in new[] { "09:00", "11:00", "11:30", "12:00", "13:00" }) await w.AtAsync(day, t);
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Contains(liaisonPhone, incident.NotifiedPhones);

        // At the door, no code: a field report on the incident's timeline, not the inbox; a redelivery adds nothing.
        w.App.Clock.Advance(TimeSpan.FromMinutes(20));
        const string atTheDoor = "到门口了，敲门半天没人开";
        Assert.Equal(InboundOutcome.FieldReport, await w.InboundAsync(liaisonPhone, atTheDoor, "door-1"));
        Assert.Equal(InboundOutcome.Duplicate, await w.InboundAsync(liaisonPhone, atTheDoor, "door-1"));
        var report = Assert.Single(await w.TimelineAsync(incident.Id), e => e.Kind == "fieldReport");
        Assert.Equal(atTheDoor, report.Detail);
        Assert.Equal("罗联络", report.Name);
        Assert.Equal(RecipientRole.Liaison, report.Role);
        Assert.Empty(await w.InboxWithTextAsync(atTheDoor));
        Assert.NotEqual(IncidentStatus.Resolved, (await w.IncidentAsync(incident.Id)).Status);

        // Someone the incident never alerted, with its code and an outcome word: refused, to the inbox, nothing changed.
        var stranger = CareWorld.NewPhone();
        var sent = w.Sms.All.Count;
        Assert.Equal(InboundOutcome.Refused, await w.InboundAsync(stranger, $"{incident.Code} 住院"));
        Assert.Equal(incident.Status, (await w.IncidentAsync(incident.Id)).Status);
        Assert.Equal(RetireeStatus.Active, (await w.RegistryAsync(retireeId)).Profile.Status);
        var refused = Assert.Single(await w.InboxWithTextAsync($"{incident.Code} 住院"));
        Assert.Contains("not alerted", refused["note"]!.GetValue<string>());
        Assert.Equal(sent, w.Sms.All.Count);

        // The liaison resolves: hospitalised, as the dashboard would — status set, check-ins held.
        var resolveText = $"ＯＫ，老人已经送医院了。{incident.Code} 谢谢";
        Assert.Equal(InboundOutcome.Resolved, await w.InboundAsync(liaisonPhone, resolveText, "resolve-1"));
        var resolved = await w.IncidentAsync(incident.Id);
        Assert.Equal(IncidentStatus.Resolved, resolved.Status);
        Assert.Equal(IncidentOutcome.Hospitalised, resolved.Resolution!.Outcome);
        Assert.Equal("罗联络", resolved.Resolution.By);
        Assert.Contains(resolveText, resolved.Resolution.Note);
        Assert.Equal(RetireeStatus.Hospitalised, (await w.RegistryAsync(retireeId)).Profile.Status);

        // One SMS back to the liaison, saying what was recorded; the others get the ordinary closing note.
        var confirmation = Assert.Single(w.Sms.To(liaisonPhone), m => m.Purpose == CarePurpose.Closing);
        Assert.Equal(CareTemplates.ResolvedBySms, confirmation.TemplateId);
        Assert.Contains("住院", confirmation.Text);
        Assert.Equal(CareTemplates.Closing, w.Sms.To(volunteerPhone).Last().TemplateId);

        // Redelivered: nothing changes, nothing more is sent.
        var total = w.Sms.All.Count;
        Assert.Equal(InboundOutcome.Duplicate, await w.InboundAsync(liaisonPhone, resolveText, "resolve-1"));
        await w.SweepAsync();
        Assert.Equal(total, w.Sms.All.Count);
        Assert.Equal(0, w.Sms.Repeats);

        // Check-ins held until a coordinator resumes them.
        var before = w.Sms.To(retireePhone).Count;
        await w.AtAsync(day.AddDays(1), "09:00");
        Assert.Equal(before, w.Sms.To(retireePhone).Count);
    }
}

/// <summary>A daughter the ladder reached tells the office of a death, in her words: the registry's death path, and her confirmation.</summary>
public class FamilyResolvesDeceasedTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task An_emergency_contact_resolves_deceased_and_everything_automated_stops()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("方志愿", "volunteer");
        var daughter = CareWorld.NewPhone();
        var (retireeId, retireePhone) = await w.RetireeAsync("汪秀英", [volunteerId], contacts: [("汪女儿", daughter)]);
        await w.PlanAsync(retireeId);
        Assert.Equal(InboundOutcome.Care, await w.InboundAsync(daughter, "可以的，谢谢"));
        var day = CareWorld.Day(1);
        foreach (var t in new[] { "09:00", "11:00", "11:30", "12:00", "13:00", "14:00" }) await w.AtAsync(day, t);
        var incident = await w.OnlyIncidentAsync(retireeId);
        Assert.Equal(CareTemplates.Family, w.Sms.To(daughter).Last().TemplateId);

        w.App.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(InboundOutcome.Resolved, await w.InboundAsync(daughter, $"{incident.Code}，我妈妈昨晚去世了"));
        var resolved = await w.IncidentAsync(incident.Id);
        Assert.Equal(IncidentOutcome.Deceased, resolved.Resolution!.Outcome);
        var retiree = await w.RegistryAsync(retireeId);
        Assert.Equal(RetireeStatus.Deceased, retiree.Profile.Status);
        Assert.NotNull(retiree.Profile.DeceasedOn);

        // She gets her confirmation (and no "closed, thank you" note); the volunteer gets the closing note.
        var toHer = w.Sms.To(daughter).Where(m => m.Purpose == CarePurpose.Closing).ToList();
        Assert.Equal(CareTemplates.ResolvedBySms, Assert.Single(toHer).TemplateId);
        Assert.Equal(CareTemplates.Closing, w.Sms.To(volunteerPhone).Last().TemplateId);

        // Nothing more goes to her mother.
        var before = w.Sms.To(retireePhone).Count;
        foreach (var t in new[] { "09:00", "11:00", "13:00" }) await w.AtAsync(day.AddDays(1), t);
        Assert.Equal(before, w.Sms.To(retireePhone).Count);
    }
}

/// <summary>A volunteer on two open incidents: no code goes to the most recent, saying so; the code picks; an outcome needs the code.</summary>
public class SeveralIncidentsFieldReportTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task Without_a_code_the_report_goes_to_the_most_recent_incident_and_says_so()
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, volunteerPhone) = await w.PersonAsync("崔志愿", "volunteer");
        var (first, _) = await w.RetireeAsync("甲老人", [volunteerId]);
        var (second, _) = await w.RetireeAsync("乙老人", [volunteerId]);
        await w.PlanAsync(first, at: "09:00");
        await w.PlanAsync(second, at: "10:00");
        var day = CareWorld.Day(1);
        foreach (var t in new[] { "09:00", "10:00", "11:00", "11:30", "12:00", "12:30", "13:00" }) await w.AtAsync(day, t);
        var older = await w.OnlyIncidentAsync(first);
        var newer = await w.OnlyIncidentAsync(second);
        Assert.Contains(volunteerPhone, older.NotifiedPhones);
        Assert.Contains(volunteerPhone, newer.NotifiedPhones);

        // No code: the most recent incident, and the report says so.
        Assert.Equal(InboundOutcome.FieldReport, await w.InboundAsync(volunteerPhone, "在路上了，快到了吧？"));
        var report = Assert.Single(await w.TimelineAsync(newer.Id), e => e.Kind == "fieldReport");
        Assert.Contains($"most recent ({newer.Code})", report.Detail);
        Assert.DoesNotContain(await w.TimelineAsync(older.Id), e => e.Kind == "fieldReport");

        // Words and a NO with the code: the report goes on the timeline and the NO moves the ladder on.
        Assert.Equal(InboundOutcome.FieldReport, await w.InboundAsync(volunteerPhone, $"{newer.Code} 联系不上，没人接"));
        var timeline = await w.TimelineAsync(newer.Id);
        Assert.Contains(timeline, e => e.Kind == "declined");
        Assert.Equal(2, timeline.Count(e => e.Kind == "fieldReport"));

        // An outcome word without a code is a report, never a resolution.
        Assert.Equal(InboundOutcome.FieldReport, await w.InboundAsync(volunteerPhone, "人没事"));
        Assert.NotEqual(IncidentStatus.Resolved, (await w.IncidentAsync(newer.Id)).Status);

        // With the older incident's code: that one, and only that one, is resolved well.
        Assert.Equal(InboundOutcome.Resolved, await w.InboundAsync(volunteerPhone, $"{older.Code} 找到了，平安"));
        Assert.Equal(IncidentOutcome.Well, (await w.IncidentAsync(older.Id)).Resolution!.Outcome);
        Assert.NotEqual(IncidentStatus.Resolved, (await w.IncidentAsync(newer.Id)).Status);
        Assert.Equal(RetireeStatus.Active, (await w.RegistryAsync(first)).Profile.Status);
        Assert.Equal(CareTemplates.ResolvedBySms, w.Sms.To(volunteerPhone).Last(m => m.Purpose == CarePurpose.Closing).TemplateId);
    }
}

/// <summary>Family answer the consent request in their own words, read by the same classifier as YES/NO.</summary>
public class ConsentInOwnWordsTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Theory]
    [InlineData("好的", ConsentState.Yes)]
    [InlineData("可以，没问题", ConsentState.Yes)]
    [InlineData("同意！谢谢", ConsentState.Yes)]
    [InlineData("ｙｅｓ", ConsentState.Yes)]
    [InlineData("👍", ConsentState.Yes)]
    [InlineData("不用了", ConsentState.No)]
    [InlineData("不同意", ConsentState.No)]
    [InlineData("不愿意，谢谢", ConsentState.No)]
    [InlineData("no thanks", ConsentState.No)]
    public async Task A_contact_consents_or_declines_in_their_own_words(string text, ConsentState expected)
    {
        var w = await CareWorld.StartAsync(app);
        var (volunteerId, _) = await w.PersonAsync("许志愿", "volunteer");
        var contact = CareWorld.NewPhone();
        var (retireeId, _) = await w.RetireeAsync("许老人", [volunteerId], contacts: [("许儿子", contact)]);
        await w.PlanAsync(retireeId);
        Assert.Equal(InboundOutcome.Care, await w.InboundAsync(contact, text));
        var consent = await w.App.Services.GetRequiredService<CarePlanStore>().GetConsentAsync(contact, retireeId, CancellationToken.None);
        Assert.Equal(expected, consent!.Value.Consent.State);
        Assert.Equal(expected == ConsentState.Yes, w.Sms.To(contact).Any(m => m.TemplateId == CareTemplates.ConsentThanks));
    }
}

/// <summary>A mass check-in reaches people on the call channel by a call task, never an SMS, and says who it left out.</summary>
public class MassCheckInCallChannelTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    [Fact]
    public async Task People_on_the_call_channel_get_a_call_task_and_those_left_out_are_counted_by_reason()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var (volunteerId, volunteerPhone) = await w.PersonAsync("湾区志愿", "volunteer");
        var bySms = await w.RetireeAsync("湾区甲", [volunteerId], "bay");
        var stopped = await w.RetireeAsync("湾区乙", [volunteerId], "bay");
        var chosen = await w.RetireeAsync("湾区丙", [volunteerId], "bay");
        var inHospital = await w.RetireeAsync("湾区丁", [volunteerId], "bay");
        Assert.Equal(InboundOutcome.OptedOut, await w.InboundAsync(stopped.Phone, "退订"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/careplans/{chosen.Id}", new { cadence = "daily", at = "09:00", channel = "call" })).StatusCode);
        var store = app.Services.GetRequiredService<RetireeStore>();
        var found = (await store.GetAsync(inHospital.Id, CancellationToken.None))!.Value;
        await store.ReplaceAsync(inHospital.Id, found.Retiree.Profile with { Status = RetireeStatus.Hospitalised }, found.ETag, Afterglow.App.Auth.Caller.System, "retiree.update", CancellationToken.None);
        var before = w.Sms.All.Count;

        var started = await admin.PostAsJsonAsync("/api/checkins/mass", new { reason = "台风", filter = new { area = "bay" }, windowMinutes = 60 });
        Assert.Equal(System.Net.HttpStatusCode.Created, started.StatusCode);
        var view = await started.JsonAsync();
        Assert.Equal(3, view["mass"]!["count"]!.GetValue<int>());
        Assert.Equal(1, view["mass"]!["leftOut"]!["hospitalised"]!.GetValue<int>());
        Assert.Equal(2, view["tally"]!["calls"]!.GetValue<int>());

        var sent = w.Sms.All.Skip(before).ToList();
        Assert.Equal(CareTemplates.CheckIn, Assert.Single(sent, m => m.To == bySms.Phone).TemplateId);
        Assert.DoesNotContain(sent, m => m.To == stopped.Phone || m.To == chosen.Phone || m.To == inHospital.Phone);
        var tasks = sent.Where(m => m.To == volunteerPhone && m.TemplateId == CareTemplates.CallTask).ToList();
        Assert.Equal(2, tasks.Count);

        // The volunteer phones one and records it by SMS; the other is not recorded: not reached, the ladder from its second rung.
        var code = System.Text.RegularExpressions.Regex.Match(Assert.Single(tasks, m => m.Text.Contains("湾区乙")).Text, @"回复 (\d{4})").Groups[1].Value;
        Assert.Equal(InboundOutcome.Care, await w.InboundAsync(volunteerPhone, $"{code} 1"));
        Assert.Equal(InboundOutcome.Care, await w.InboundAsync(bySms.Phone, "1"));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await w.SweepAsync();
        Assert.Empty(await w.OpenIncidentsAsync(stopped.Id));
        Assert.Empty(await w.OpenIncidentsAsync(bySms.Id));
        Assert.Equal(IncidentKind.CallNotReached, (await w.OnlyIncidentAsync(chosen.Id)).Kind);
        Assert.Empty(await w.OpenIncidentsAsync(inHospital.Id));
        var tally = (await (await admin.GetAsync($"/api/checkins/mass/{view["mass"]!["id"]!.GetValue<string>()}")).JsonAsync())["tally"]!;
        Assert.Equal(2, tally["answered"]!.GetValue<int>());
        Assert.Equal(1, tally["missed"]!.GetValue<int>());
    }
}
