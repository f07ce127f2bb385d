using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Sms;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Events;

/// <summary>
/// A bare 1 or 0 while a check-in and an invitation are both open (ADR 0017). Its own app: the check-in sweep here
/// opens check-ins for every retiree with a plan, which must not reach the other classes' replies.
/// </summary>
public class EventReplyRoutingTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_bare_1_answers_an_open_check_in_first_and_the_event_code_then_signs_up()
    {
        var w = new EventWorld(App);
        var (a, phone) = await w.RetireeAsync("平安与报名");
        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/careplans/{a}", new { cadence = "daily", at = "10:30", answerWindowMinutes = 120 })).StatusCode);
        var (id, code) = await w.InvitedEventAsync(capacity: 5);

        // 10:30: the check-in goes out and is open.
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 2, 31, 0, TimeSpan.Zero));
        await App.Services.GetRequiredService<CheckInSweep>().RunAsync(new TimerInvocation(CheckInSweep.FunctionName, App.Clock.GetUtcNow(), false, null), CancellationToken.None);
        var today = await (await admin.GetAsync($"/api/checkins?retireeId={a}")).JsonAsync();
        Assert.Equal("sent", today["items"]![0]!["status"]!.GetValue<string>());

        Assert.Equal(InboundOutcome.Care, await w.ReplyAsync(phone, "1"));
        today = await (await admin.GetAsync($"/api/checkins?retireeId={a}")).JsonAsync();
        Assert.Equal("answered", today["items"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("invited", await w.StateOf(id, a));
        var hint = (await w.SmsAsync($"event:{id}:{a}:hint"))!;
        Assert.Contains($"1 {code}", hint.Text);

        // With the code the reply is the event's, whatever else is open.
        Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(phone, $"1 {code}"));
        Assert.Equal("joined", await w.StateOf(id, a));
        // With the check-in answered, a bare 0 is the invitation's.
        Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(phone, "0"));
        Assert.Equal("declined", await w.StateOf(id, a));
    }

    [Fact]
    public async Task A_bare_reply_answers_the_latest_invitation_and_other_words_never_sign_up()
    {
        var w = new EventWorld(App);
        var (a, phone) = await w.RetireeAsync("两个邀请");
        var (older, _) = await w.InvitedEventAsync(capacity: 5, date: "2026-12-20");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var (newer, _) = await w.InvitedEventAsync(capacity: 5, date: "2026-12-05");
        Assert.Equal(InboundOutcome.SignUp, await w.ReplyAsync(phone, "1"));
        Assert.Equal("joined", await w.StateOf(newer, a));
        Assert.Equal("invited", await w.StateOf(older, a));

        // "2" (unwell) and "3" (help) are never sign-ups; a wrong code is not a sign-up either.
        Assert.NotEqual(InboundOutcome.SignUp, await w.ReplyAsync(phone, "2"));
        Assert.NotEqual(InboundOutcome.SignUp, await w.ReplyAsync(phone, "1 0000"));
        Assert.Equal("invited", await w.StateOf(older, a));

        // Someone not invited who texts 1 goes to the inbox, not onto a list.
        var (_, stranger) = await w.RetireeAsync("没被邀请", unit: "别处" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(InboundOutcome.Inbox, await w.ReplyAsync(stranger, "1"));
    }
}
