using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Messaging;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Sms;

/// <summary>A reply as any gateway delivers it.</summary>
public sealed record InboundSms(string From, string Text, DateTimeOffset ReceivedAt, string MessageId);

/// <summary>Where a reply went.</summary>
public enum InboundOutcome { OptedOut, OptedIn, Care, Answer, Inbox }

/// <summary>
/// The one path every reply takes, from Event Grid or the dev phone: STOP/退订 and START first (the channel's own
/// keywords), then the care engine (check-in answers, HELP/求助, acknowledgements, consent), then answers to a
/// broadcast, and whatever is left goes to the coordinators' inbox, linked to whoever has that number.
/// </summary>
public sealed class SmsInbound(
    OutboxStore store, SmsOutbox outbox, CareReplies care, BroadcastAnswers answers, InboxStore inbox, CarePlanStore plans, RegistryIndex index,
    PersonStore people, CareRecipients recipients, OfficeClock clock, ILogger<SmsInbound> log)
{
    private sealed record Sender(RetireeSummary? Retiree, Person? Person)
    {
        public string Language => Retiree?.Language ?? Person?.Language ?? "zh-CN";
    }

    public async Task<InboundOutcome> HandleAsync(InboundSms sms, CancellationToken ct)
    {
        var from = Normalize(sms.From);
        var keyword = SmsKeywords.Parse(sms.Text);
        log.LogInformation("SMS from {From}: {Keyword}", Domain.Phones.PhoneNumberRules.Mask(from), keyword);
        switch (keyword)
        {
            case SmsKeyword.Stop:
                await StopAsync(from, sms, ct);
                return InboundOutcome.OptedOut;
            case SmsKeyword.Start:
                if (await store.OptInAsync(from, ct))
                    await outbox.QueueAsync(new OutgoingSms(from, SmsTemplates.OptInConfirm, Empty, (await SenderAsync(from, ct)).Language,
                        SmsPurpose.Confirmation, $"optin:{from}:{sms.MessageId}", "keyword START", IgnoreQuietHours: true), ct);
                return InboundOutcome.OptedIn;
        }
        if (await care.HandleAsync(from, sms.Text, ct)) return InboundOutcome.Care;
        // HELP from someone the care engine does not know (no retiree with that number): a person must look now.
        if (keyword != SmsKeyword.Help && await answers.TryRecordAsync(from, sms.Text, sms.ReceivedAt, ct)) return InboundOutcome.Answer;
        await ToInboxAsync(from, sms, keyword == SmsKeyword.Help ? InboxFlag.Urgent : InboxFlag.None, await SenderAsync(from, ct), ct);
        return InboundOutcome.Inbox;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>Record it, confirm once, withdraw any emergency-contact consent, and tell coordinators if check-ins now cannot reach them.</summary>
    private async Task StopAsync(string from, InboundSms sms, CancellationToken ct)
    {
        var sender = await SenderAsync(from, ct);
        // A second STOP changes nothing: one confirmation, one alert. The same STOP delivered again (Event Grid
        // retries after a crash) finishes what the first delivery began; every step below is keyed by its id.
        if (await store.OptOutAsync(from, sms.MessageId, clock.UtcNow, ct) != sms.MessageId) return;
        await outbox.QueueAsync(new OutgoingSms(from, SmsTemplates.OptOutConfirm, Empty, sender.Language, SmsPurpose.Confirmation,
            $"optout:{from}:{sms.MessageId}", "keyword STOP", IgnoreQuietHours: true, IgnoreOptOut: true), ct);
        await care.HandleAsync(from, sms.Text, ct);
        var planned = sender.Retiree is { } r && await plans.GetAsync(r.Id, ct) is { Plan.State: PlanState.Active };
        await ToInboxAsync(from, sms, planned ? InboxFlag.Urgent : InboxFlag.OptedOut, sender, ct);
        if (!planned) return;
        foreach (var duty in await recipients.OnDutyAsync(ct))
            await outbox.QueueAsync(new OutgoingSms(duty.Phone, SmsTemplates.OptOutAlert, new Dictionary<string, string> { ["name"] = sender.Retiree!.Name },
                duty.Language, SmsPurpose.System, $"optout-alert:{sms.MessageId}:{duty.Phone}", "keyword STOP", IgnoreQuietHours: true, RetireeId: sender.Retiree.Id), ct);
    }

    private async Task ToInboxAsync(string from, InboundSms sms, InboxFlag flag, Sender sender, CancellationToken ct) =>
        await inbox.SaveAsync(new InboxItem
        {
            Id = InboxStore.IdOf(sms.ReceivedAt, sms.MessageId), From = from, Text = sms.Text, ReceivedAt = sms.ReceivedAt, Flag = flag,
            RetireeId = sender.Retiree?.Id, RetireeName = sender.Retiree?.Name, PersonId = sender.Person?.Id, PersonName = sender.Person?.Name,
        }, ct);

    /// <summary>The retiree (a live one first) and the person with this number, if any.</summary>
    private async Task<Sender> SenderAsync(string from, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var retiree = index.All.Where(s => s.Mobile == from)
            .OrderBy(s => s.Status is RetireeStatus.Deceased or RetireeStatus.Archived).ThenBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault();
        var person = (await people.ListAsync(ct)).Where(p => p.Phone == from).OrderByDescending(p => p.Active).FirstOrDefault();
        return new Sender(retiree, person);
    }

    /// <summary>Gateways write numbers with or without the "+" (azure-notes B.6).</summary>
    public static string Normalize(string phone)
    {
        var t = Domain.Phones.PhoneNumberRules.ToHalfWidth(phone).Trim();
        return t.StartsWith('+') ? t : "+" + t;
    }
}
