using Afterglow.App.Auth;
using Afterglow.App.Hosting;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.Domain.Messaging;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Messages;

/// <summary>Why a retiree the segment matches gets no message.</summary>
public enum ExclusionReason { Deceased, Archived, NoConsent, NoMobile, OptedOut, SharedNumber }

public sealed record Exclusion(string RetireeId, string Name, ExclusionReason Reason);

/// <summary>Who a broadcast reaches and who it leaves out, and why.</summary>
public sealed record Audience(IReadOnlyList<RetireeSummary> Recipients, IReadOnlyList<Exclusion> Excluded);

/// <summary>
/// Every minute: queues the approved broadcasts whose time has come, in transactions of 100. Each message's key
/// is broadcast + number, so a run that stopped half way is simply run again.
/// </summary>
public sealed class BroadcastQueue(
    BroadcastStore broadcasts, RegistryIndex index, IGroupMembers groups, OutboxStore outbox, SmsOutbox sms, SmsTemplates templates, OfficeClock clock, Office.OfficeProfile office,
    ILogger<BroadcastQueue> log) : ITimerJob
{
    public static string FunctionName => "BroadcastSend";

    public static string KeyOf(string broadcastId, string phone) => $"broadcast:{broadcastId}:{phone}";

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken ct)
    {
        // The live index: what is approved or collecting answers, not every broadcast ever made.
        var due = (await broadcasts.ListLiveAsync(clock.UtcNow, BroadcastAnswers.Window, ct)).Where(b => b.State == BroadcastState.Approved && b.SendAt <= clock.UtcNow).ToList();
        var total = 0;
        foreach (var b in due) total += await QueueAsync(b.Id, ct);
        return $"{due.Count} broadcasts queued, {total} messages.";
    }

    public async Task<Audience> AudienceAsync(RetireeFilter filter, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        filter = await groups.ResolveAsync(filter, ct);
        var optedOut = await outbox.OptedOutAsync(ct);
        var recipients = new List<RetireeSummary>();
        var excluded = new List<Exclusion>();
        var phones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in filter.Apply(index.All, Caller.System, clock.Today).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            ExclusionReason? reason = s.Status == RetireeStatus.Deceased ? ExclusionReason.Deceased
                : s.Status == RetireeStatus.Archived ? ExclusionReason.Archived
                : !s.SmsConsent ? ExclusionReason.NoConsent
                : !SmsOutbox.IsE164(s.Mobile) ? ExclusionReason.NoMobile
                : optedOut.Contains(s.Mobile) ? ExclusionReason.OptedOut
                : !phones.Add(s.Mobile) ? ExclusionReason.SharedNumber
                : null;
            if (reason is { } r) excluded.Add(new Exclusion(s.Id, s.Name, r));
            else recipients.Add(s);
        }
        return new Audience(recipients, excluded);
    }

    /// <summary>The parameters for one recipient: the broadcast's, the office's name, and the retiree's own name when the text asks for it.</summary>
    public IReadOnlyDictionary<string, string> ParametersFor(Broadcast b, RetireeSummary? retiree)
    {
        var p = new Dictionary<string, string>(b.Parameters, StringComparer.Ordinal);
        p.TryAdd("office", office.Name);
        if (retiree is not null) p.TryAdd("name", retiree.Name);
        return p;
    }

    /// <summary>Queues one approved broadcast; the number of messages newly queued.</summary>
    public async Task<int> QueueAsync(string id, CancellationToken ct)
    {
        if (await broadcasts.GetAsync(id, ct) is not var (b, etag) || b.State != BroadcastState.Approved) return 0;
        var audience = await AudienceAsync(b.Filter, ct);
        var template = await templates.GetAsync(b.TemplateId, ct) ?? throw new InvalidOperationException($"Broadcast {id}: no template {b.TemplateId}.");
        var messages = new List<SmsMessage>();
        foreach (var r in audience.Recipients)
        {
            var parameters = ParametersFor(b, r);
            messages.AddRange(sms.PrepareAll(new OutgoingSms(r.Mobile, b.TemplateId, parameters, r.Language, SmsPurpose.Broadcast, KeyOf(b.Id, r.Mobile),
                $"broadcast {b.Id}", RetireeId: r.Id, BroadcastId: b.Id, NotBefore: b.SendAt), template));
        }
        var added = await sms.QueueManyAsync(messages, ct);
        if (!await broadcasts.TrySaveAsync(b with { State = BroadcastState.Queued, QueuedAt = clock.UtcNow, Queued = messages.Count }, etag, ct))
            log.LogInformation("Broadcast {Id} changed while it was queued; its messages are queued once either way", id);
        return added;
    }
}
