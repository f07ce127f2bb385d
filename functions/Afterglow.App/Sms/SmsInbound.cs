using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Sms;

/// <summary>A reply as any gateway delivers it.</summary>
public sealed record InboundSms(string From, string Text, DateTimeOffset ReceivedAt, string MessageId);

/// <summary>Where a reply went.</summary>
public enum InboundOutcome { OptedOut, OptedIn, Care, ToRead, Answer, Inbox, Duplicate, FieldReport, Resolved, Refused, SignUp }

/// <summary>Another copy of this message is being handled right now: fail, so the gateway delivers it again later.</summary>
public sealed class InboundBusyException(string messageId) : Exception($"SMS {messageId} is being handled by another copy.");

/// <summary>
/// The one path every reply takes, from Event Grid or the dev phone. A message is claimed by its provider id
/// first (a conditional insert), so a redelivery or racing copies act once. Then the classifier reads it:
/// STOP/退订 and START (the channel's own words), the care engine (check-in answers — any reply from a retiree
/// with an open check-in answers it — HELP, acknowledgements, consent), answers to an event's invitation (a bare 1/0
/// only when no check-in took it, ADR 0017), answers to a broadcast, and whatever is
/// left goes to the coordinators' inbox, linked to whoever has that number. Unclear answers wait there "to read".
/// </summary>
public sealed class SmsInbound(
    OutboxStore store, SmsOutbox outbox, CareReplies care, CallTasks calls, FieldReports field, BroadcastAnswers answers, InboxStore inbox, CarePlanStore plans, RegistryIndex index,
    PersonStore people, CareRecipients recipients, ISignUpReplies signUps, OfficeClock clock, ILogger<SmsInbound> log)
{
    // Longer texts are kept to this many characters (a stored row holds 32K characters of JSON); real SMS are far shorter.
    public const int MaxStoredText = 4000;

    private sealed record Sender(RetireeSummary? Retiree, Person? Person)
    {
        public string Language => Retiree?.Language ?? Person?.Language ?? "zh-CN";
    }

    public async Task<InboundOutcome> HandleAsync(InboundSms sms, CancellationToken ct)
    {
        switch (await inbox.ClaimAsync(sms.MessageId, clock.UtcNow, ct))
        {
            case InboundClaim.Done: return InboundOutcome.Duplicate;
            case InboundClaim.Busy: throw new InboundBusyException(sms.MessageId);
        }
        var outcome = await ActAsync(sms with { Text = Stored(sms.Text) }, ct);
        await inbox.CompleteAsync(sms.MessageId, clock.UtcNow, ct, outcome.ToString());
        return outcome;
    }

    private static string Stored(string? text) =>
        text is null ? "" : text.Length <= MaxStoredText ? text : $"{text[..MaxStoredText]}… [{text.Length - MaxStoredText} more characters not kept]";

    private async Task<InboundOutcome> ActAsync(InboundSms sms, CancellationToken ct)
    {
        var from = Normalize(sms.From);
        var reply = ReplyClassifier.Classify(sms.Text);
        log.LogInformation("SMS from {From}: {Kind}", Domain.Phones.PhoneNumberRules.Mask(from), reply.Kind);
        switch (reply.Kind)
        {
            case ReplyKind.OptOut:
                await StopAsync(from, sms, reply, ct);
                return InboundOutcome.OptedOut;
            case ReplyKind.OptIn:
                if (await store.OptInAsync(from, ct))
                    await outbox.QueueAsync(new OutgoingSms(from, SmsTemplates.OptInConfirm, Empty, (await SenderAsync(from, ct)).Language,
                        SmsPurpose.Confirmation, $"optin:{from}:{sms.MessageId}", "keyword START", IgnoreQuietHours: true), ct);
                // START undoes what STOP did to a care plan, not a coordinator's or an undeliverable number's call channel.
                if ((await SenderAsync(from, ct)).Retiree is { } back)
                    await plans.UpdateAsync(back.Id, p => p is { Channel: CareChannel.Call, ChannelReason: ChannelReasons.OptedOut } ? p with { Channel = CareChannel.Sms, ChannelReason = null } : null, ct);
                await care.HandleAsync(from, reply, ct); // START is a sign of life too
                return InboundOutcome.OptedIn;
        }
        // "4821 1": a caller's outcome for a call task.
        if (await calls.TryRecordBySmsAsync(from, reply, ct)) return InboundOutcome.Care;
        // From someone an open incident alerted: a field report on its timeline, or its code and an outcome word.
        switch (await field.HandleAsync(from, sms.Text, reply, sms.ReceivedAt, sms.MessageId, ct))
        {
            case FieldResult.Reported: return InboundOutcome.FieldReport;
            case FieldResult.Resolved: return InboundOutcome.Resolved;
            case FieldResult.Refused:
                await ToInboxAsync(from, sms, InboxFlag.None, await SenderAsync(from, ct), ct,
                    note: $"Code {reply.Code} belongs to an incident this number was not alerted on: nothing was changed.");
                return InboundOutcome.Refused;
        }
        // "1 3807": an event's code says which invitation it answers, whatever else is open.
        if (await signUps.TryCodedAsync(from, reply, ct)) return InboundOutcome.SignUp;
        var result = await care.HandleAsync(from, reply, ct);
        if (result.Handled)
        {
            // A check-in took a bare 1 or 0: an invitation waiting for an answer is told how to answer it.
            if (result.Answered.Count > 0) await signUps.HintAsync(from, reply, ct);
            if (ReplyMeanings.ForCheckIn(reply.Kind) != ReplyKind.Unclear || result.Answered.Count == 0) return InboundOutcome.Care;
            // An answer nobody could read: the check-in counts as answered, a coordinator says what it meant.
            await ToInboxAsync(from, sms, InboxFlag.ToRead, await SenderAsync(from, ct), ct, result.Answered, ReplyKind.Unclear);
            return InboundOutcome.ToRead;
        }
        if (await signUps.TryBareAsync(from, reply, ct)) return InboundOutcome.SignUp;
        // HELP from someone the care engine does not know (no retiree with that number): a person must look now.
        if (reply.Kind != ReplyKind.Help && await answers.TryRecordAsync(from, sms.Text, sms.ReceivedAt, ct)) return InboundOutcome.Answer;
        await ToInboxAsync(from, sms, reply.Kind == ReplyKind.Help ? InboxFlag.Urgent : InboxFlag.None, await SenderAsync(from, ct), ct);
        return InboundOutcome.Inbox;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>Record it, confirm once, withdraw any emergency-contact consent, and tell coordinators if check-ins now cannot reach them.</summary>
    private async Task StopAsync(string from, InboundSms sms, ParsedReply reply, CancellationToken ct)
    {
        var sender = await SenderAsync(from, ct);
        // A second STOP changes nothing: one confirmation, one alert. The same STOP delivered again (Event Grid
        // retries after a crash) finishes what the first delivery began; every step below is keyed by its id.
        if (await store.OptOutAsync(from, sms.MessageId, clock.UtcNow, ct) != sms.MessageId) return;
        await outbox.QueueAsync(new OutgoingSms(from, SmsTemplates.OptOutConfirm, Empty, sender.Language, SmsPurpose.Confirmation,
            $"optout:{from}:{sms.MessageId}", "keyword STOP", IgnoreQuietHours: true, IgnoreOptOut: true), ct);
        var answered = await care.HandleAsync(from, reply, ct);
        // Check-ins go on by phone: a call task for the volunteer at the plan's time, never an SMS they refused.
        var planned = sender.Retiree is { } r && await plans.UpdateAsync(r.Id, p => p.State != PlanState.Active ? null
            : p.Channel == CareChannel.Call ? p : p with { Channel = CareChannel.Call, ChannelReason = ChannelReasons.OptedOut }, ct) is not null;
        await ToInboxAsync(from, sms, planned ? InboxFlag.Urgent : InboxFlag.OptedOut, sender, ct, answered.Answered, answered.Answered.Count > 0 ? ReplyKind.OptOut : null);
        if (!planned) return;
        foreach (var duty in await recipients.OnDutyAsync(ct))
            await outbox.QueueAsync(new OutgoingSms(duty.Phone, SmsTemplates.OptOutAlert, new Dictionary<string, string> { ["name"] = sender.Retiree!.Name },
                duty.Language, SmsPurpose.System, $"optout-alert:{sms.MessageId}:{duty.Phone}", "keyword STOP", IgnoreQuietHours: true, RetireeId: sender.Retiree.Id), ct);
    }

    private async Task ToInboxAsync(string from, InboundSms sms, InboxFlag flag, Sender sender, CancellationToken ct,
        IReadOnlyList<AnsweredBy>? answered = null, ReplyKind? answer = null, string? note = null) =>
        await inbox.AddAsync(new InboxItem
        {
            Id = InboxStore.IdOf(sms.ReceivedAt, sms.MessageId), From = from, Text = sms.Text, ReceivedAt = sms.ReceivedAt, Flag = flag,
            // The retirees it answered (both of a couple), else whoever has the number.
            RetireeId = answered is [var first, ..] ? first.RetireeId : sender.Retiree?.Id,
            RetireeName = answered is { Count: > 0 } ? string.Join("、", answered.Select(a => a.RetireeName)) : sender.Retiree?.Name,
            PersonId = sender.Person?.Id, PersonName = sender.Person?.Name,
            CheckInIds = answered?.SelectMany(a => a.CheckInIds).ToList() ?? [], Answer = answer, Note = note,
        }, ct);

    /// <summary>The retiree (a live one first) and the person with this number, if any.</summary>
    private async Task<Sender> SenderAsync(string from, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var retiree = index.All.Where(s => s.Mobile == from)
            .OrderBy(s => s.Status is RetireeStatus.Deceased or RetireeStatus.Archived).ThenBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault();
        var person = (await people.FindByPhoneAsync(from, ct)).OrderByDescending(p => p.Active).FirstOrDefault();
        return new Sender(retiree, person);
    }

    /// <summary>Gateways write numbers with or without the "+" (azure-notes B.6).</summary>
    public static string Normalize(string phone)
    {
        var t = Domain.Phones.PhoneNumberRules.ToHalfWidth(phone).Trim();
        return t.StartsWith('+') ? t : "+" + t;
    }
}
