using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Events;
using Afterglow.App.Hosting;
using Afterglow.App.Sms;
using Afterglow.App.CheckIns;
using Afterglow.Domain.Events;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Events;

/// <summary>Invitations by SMS and answers by reply, through the one inbound path, on Azurite with the real outbox.</summary>
public class EventSignUpTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Invitations_go_to_the_segment_and_replies_fill_places_then_the_waiting_list()
    {
        var w = new EventWorld(App);
        var (a, aPhone) = await w.RetireeAsync("报名甲");
        var (b, bPhone) = await w.RetireeAsync("报名乙");
        var (away, _) = await w.RetireeAsync("异地丙", new { livesElsewhere = true, city = "海口" });
        var (other, _) = await w.RetireeAsync("别的单位", unit: "别处" + Guid.NewGuid().ToString("N")[..6]);
        var (id, code) = await w.InvitedEventAsync(capacity: 1);

        var invite = (await w.SmsAsync(EventInvitations.KeyOf(id, a)))!;
        Assert.Equal(EventTemplates.Invite, invite.TemplateId);
        Assert.Contains("回复1报名", invite.Text);
        Assert.Contains($"1 {code}", invite.Text);
        Assert.Contains("12月10日 08:30", invite.Text);
        var elsewhere = (await w.SmsAsync(EventInvitations.KeyOf(id, away)))!;
        Assert.Equal(EventTemplates.Elsewhere, elsewhere.TemplateId);
        Assert.Contains(EventsOptions.DefaultElsewhereText, elsewhere.Text);
        Assert.Null(await w.SmsAsync(EventInvitations.KeyOf(id, other)));
        var e = await w.GetEventAsync(id);
        Assert.Equal("open", e["state"]!.GetValue<string>());
        Assert.Equal(3, e["invited"]!.GetValue<int>());

        Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(aPhone, "1", "m-a1"));
        Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(bPhone, "1"));
        Assert.Equal("joined", await w.StateOf(id, a));
        var list = await w.AttendeesAsync(id);
        Assert.Equal("waiting", list[b]["state"]!.GetValue<string>());
        Assert.Equal(1, list[b]["waitingPosition"]!.GetValue<int>());
        Assert.Contains(await w.EventSmsAsync(id, a), m => m.TemplateId == EventTemplates.Joined);
        Assert.Contains(await w.EventSmsAsync(id, b), m => m.TemplateId == EventTemplates.Waiting && m.Text.Contains("第1位"));

        // A redelivery, or the same answer again under a new id, changes nothing and sends nothing.
        Assert.Equal(InboundOutcome.Duplicate, await w.ReplyAsync(aPhone, "1", "m-a1"));
        Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(aPhone, "1"));
        Assert.Equal(2, (await w.EventSmsAsync(id, a)).Count); // the invitation and one confirmation

        // A gives the place up: B, first in line, gets it and is told.
        Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(aPhone, "0"));
        Assert.Equal("declined", await w.StateOf(id, a));
        Assert.Equal("joined", await w.StateOf(id, b));
        Assert.Contains(await w.EventSmsAsync(id, b), m => m.TemplateId == EventTemplates.PlaceFreed);
        Assert.Contains(await w.EventSmsAsync(id, a), m => m.TemplateId == EventTemplates.Declined);
        e = await w.GetEventAsync(id);
        Assert.Equal((1, 0, 1), (e["joined"]!.GetValue<int>(), e["waiting"]!.GetValue<int>(), e["declined"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Two_replies_for_the_last_place_give_it_to_exactly_one_and_wait_list_the_other()
    {
        var w = new EventWorld(App);
        var first = await w.RetireeAsync("先到");
        var racers = new[] { await w.RetireeAsync("竞争一"), await w.RetireeAsync("竞争二"), await w.RetireeAsync("竞争三"), await w.RetireeAsync("竞争四") };
        for (var round = 0; round < 2; round++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(1)); // the new event is the latest invitation
            var (id, _) = await w.InvitedEventAsync(capacity: round == 0 ? 2 : 3, date: $"2026-12-1{round}");
            Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(first.Phone, "1"));
            var pair = round == 0 ? racers[..2] : racers[..3];
            var outcomes = await Task.WhenAll(pair.Select(r => Task.Run(() => w.ReplyAsync(r.Phone, "1"))));
            Assert.All(outcomes, o => Assert.Equal(InboundOutcome.SignUp, o));
            var states = await w.AttendeesAsync(id);
            var joined = pair.Count(r => states[r.Id]["state"]!.GetValue<string>() == "joined");
            var waiting = pair.Count(r => states[r.Id]["state"]!.GetValue<string>() == "waiting");
            var places = round == 0 ? 1 : 2;
            Assert.Equal(places, joined);
            Assert.Equal(pair.Length - places, waiting);
            var e = await w.GetEventAsync(id);
            Assert.Equal(places + 1, e["joined"]!.GetValue<int>());
            Assert.Equal(pair.Length - places, e["waiting"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task The_same_sms_delivered_twice_at_once_is_handled_once()
    {
        var w = new EventWorld(App);
        var (a, phone) = await w.RetireeAsync("重复投递");
        var (id, _) = await w.InvitedEventAsync(capacity: 5);
        var copies = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try { return await w.ReplyAsync(phone, "1", "same-id"); }
            catch (InboundBusyException) { return InboundOutcome.Duplicate; } // the gateway delivers a busy copy again later
        })));
        Assert.Single(copies, o => o == InboundOutcome.SignUp);
        Assert.Equal(InboundOutcome.Duplicate, await w.ReplyAsync(phone, "1", "same-id"));
        Assert.Equal("joined", await w.StateOf(id, a));
        Assert.Equal(1, (await w.GetEventAsync(id))["joined"]!.GetValue<int>());
        Assert.Single(await w.EventSmsAsync(id, a), m => m.TemplateId == EventTemplates.Joined);
    }
}
