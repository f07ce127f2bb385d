using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.Messages;
using Afterglow.App.Office;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.App.Visits;
using Afterglow.Domain.Certification;
using Afterglow.Domain.Registry;
using Azure;

namespace Afterglow.App.Certification;

/// <summary>
/// The work of a campaign: who is in it, the reminder rounds through the outbox (quiet hours, opt-outs and mainland
/// template rules apply there), and each change of a retiree's state with its timeline line. A retiree who died or was
/// archived leaves the campaign: they are not counted, listed or reminded (their row stays, for their history).
/// </summary>
public sealed class CertificationDesk(
    CertificationStore store, RegistryIndex index, BroadcastQueue audience, SmsOutbox outbox, SmsTemplates templates, VisitStore visits,
    OfficeClock clock, OfficeOptions office)
{
    public static string KeyOf(string campaignId, string retireeId, int round) => $"certification:{campaignId}:{retireeId}:r{round}";

    public static bool Alive(RetireeSummary? s) => s is { Status: not (RetireeStatus.Deceased or RetireeStatus.Archived) };

    /// <summary>Adds everyone alive the campaign's filter names now and not in it yet; returns how many were new.</summary>
    public async Task<int> AddMembersAsync(Campaign c, string by, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        var now = clock.UtcNow;
        var rows = c.Filter.Apply(index.All, Caller.System, clock.Today).Where(Alive).OrderBy(s => s.Id, StringComparer.Ordinal).Select(s =>
        {
            var state = CertificationRules.Start(s.LivesElsewhere);
            return new Certifying { RetireeId = s.Id, Name = s.Name, State = state, Lines = [CertificationMapping.Line(now, "added", by, ("state", CertificationMapping.Word(state)))] };
        }).ToList();
        return await store.AddRowsAsync(c.Id, rows, ct);
    }

    /// <summary>The campaign's rows of retirees still alive, each with what the registry says of them now.</summary>
    public async Task<IReadOnlyList<(Certifying Row, ETag ETag, RetireeSummary Retiree)>> AliveAsync(string campaignId, CancellationToken ct)
    {
        await index.EnsureCurrentAsync(ct);
        return (await store.RowsAsync(campaignId, ct)).Select(x => (x.Row, x.ETag, Retiree: index.Find(x.Row.RetireeId)))
            .Where(x => Alive(x.Retiree)).Select(x => (x.Row, x.ETag, x.Retiree!)).ToList();
    }

    public async Task<CampaignView> ViewAsync(Campaign c, CancellationToken ct) =>
        c.ToView((await AliveAsync(c.Id, ct)).Select(x => x.Row).ToList(), clock.Today);

    /// <summary>
    /// One reminder round: starts a new round, or finishes the last one if a crash cut it short (same keys, so nothing
    /// goes twice). Each person still to certify who can get an SMS gets one; their row says reminded, once per round.
    /// Null when there is no such campaign.
    /// </summary>
    public async Task<(int Queued, int NotBySms)?> RemindAsync(string campaignId, string by, CancellationToken ct)
    {
        var c = await Optimistic.RetryAsync<Campaign?>($"Campaign {campaignId}", async token =>
        {
            if (await store.GetAsync(campaignId, token) is not var (current, etag)) return (true, null);
            if (!current.RoundQueued) return (true, current);
            var next = current with { Rounds = current.Rounds + 1, RoundQueued = false, LastRemindedAt = clock.UtcNow };
            return (await store.TrySaveAsync(next, etag, token), next);
        }, ct);
        if (c is null) return null;
        var round = c.Rounds;
        var reachable = (await audience.AudienceAsync(new RetireeFilter(), ct)).Recipients.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var due = (await AliveAsync(campaignId, ct)).Where(x => CertificationRules.MayRemind(x.Row.State)).ToList();
        var sending = due.Where(x => reachable.Contains(x.Row.RetireeId)).ToList();
        var reminder = (await templates.GetAsync(CertificationTemplates.Reminder, ct))!;
        var elsewhere = (await templates.GetAsync(CertificationTemplates.Elsewhere, ct))!;
        var messages = sending.SelectMany(x =>
        {
            var away = x.Row.State == CertificationState.Elsewhere;
            return outbox.PrepareAll(new OutgoingSms(x.Retiree.Mobile, away ? elsewhere.Id : reminder.Id, Parameters(c, x.Retiree, away), x.Retiree.Language,
                SmsPurpose.Notice, KeyOf(campaignId, x.Row.RetireeId, round), $"certification {campaignId}", RetireeId: x.Row.RetireeId), away ? elsewhere : reminder);
        }).ToList();
        var queued = await outbox.QueueManyAsync(messages, ct);
        foreach (var chunk in sending.Chunk(16))
            await Task.WhenAll(chunk.Select(x => ChangeAsync(campaignId, x.Row.RetireeId, row =>
                row.Lines.Any(l => l.Code == "reminded" && l.Args.GetValueOrDefault("round") == Round(round)) ? null : row with
                {
                    State = CertificationRules.AfterReminder(row.State), Reminders = row.Reminders + 1, RemindedAt = clock.UtcNow,
                    Lines = [.. row.Lines, CertificationMapping.Line(clock.UtcNow, "reminded", by, ("round", Round(round)))],
                }, ct)));
        await Optimistic.RetryAsync<bool>($"Campaign {campaignId}", async token =>
        {
            if (await store.GetAsync(campaignId, token) is not var (current, etag) || current.RoundQueued) return (true, false);
            return (await store.TrySaveAsync(current with { RoundQueued = true }, etag, token), true);
        }, ct);
        return (queued, due.Count - sending.Count);
    }

    private static string Round(int round) => round.ToString(CultureInfo.InvariantCulture);

    private Dictionary<string, string> Parameters(Campaign c, RetireeSummary s, bool away) => new(StringComparer.Ordinal)
    {
        ["office"] = office.Name, ["name"] = s.Name, ["year"] = c.Year.ToString(CultureInfo.InvariantCulture),
        ["deadline"] = s.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ? c.Deadline.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : $"{c.Deadline.Year}年{c.Deadline.Month}月{c.Deadline.Day}日",
        ["text"] = away ? c.ElsewhereText : c.HowText,
    };

    /// <summary>
    /// Sets a retiree's state (done with how, or to do, home visit, elsewhere). Setting what is already set changes
    /// nothing. Done on a home visit is logged as a visit too, so the visits' lists and coverage count it.
    /// Null when the retiree is not in the campaign.
    /// </summary>
    public async Task<(Certifying Row, bool Changed)?> MarkAsync(Campaign c, string retireeId, CertificationState state, CertifiedHow? how, string? note,
        Caller by, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var changed = await ChangeAsync(c.Id, retireeId, row =>
        {
            if (state == CertificationState.Done)
            {
                if (row.State == CertificationState.Done && row.How == how) return null;
                return row with
                {
                    State = state, How = how, DoneAt = now, DoneBy = by.Name, Note = note ?? row.Note,
                    Lines = [.. row.Lines, CertificationMapping.Line(now, "done", by.Name, ("how", CertificationMapping.Word(how!.Value)))],
                };
            }
            if (row.State == state) return null;
            return row with
            {
                State = state, How = null, DoneAt = null, DoneBy = null, Note = note ?? row.Note,
                Lines = [.. row.Lines, CertificationMapping.Line(now, "state", by.Name, ("state", CertificationMapping.Word(state)))],
            };
        }, ct);
        if (changed is not var (row, didChange)) return null;
        if (didChange && how == CertifiedHow.HomeVisit)
        {
            var day = clock.Today;
            await visits.AddAsync(new Visit
            {
                Id = VisitStore.NewId(day), RetireeId = retireeId, Date = day, Kind = VisitKind.Home, Visitors = by.Name,
                Note = $"养老金资格认证（{c.Year}）{(note is null ? "" : "：" + note)}", RecordedBy = by.Name, RecordedAt = now,
            }, by, ct);
        }
        return (row, didChange);
    }

    /// <summary>Applies a change to one row under its ETag (read again on a race); the change returns null for "nothing to do".</summary>
    private async Task<(Certifying Row, bool Changed)?> ChangeAsync(string campaignId, string retireeId, Func<Certifying, Certifying?> change, CancellationToken ct) =>
        await Optimistic.RetryAsync<(Certifying, bool)?>($"Certification {campaignId}/{retireeId}", async token =>
        {
            if (await store.GetRowAsync(campaignId, retireeId, token) is not var (row, etag)) return (true, null);
            if (change(row) is not { } next) return (true, (row, false));
            return await store.TrySaveRowAsync(campaignId, next, etag, token) ? (true, (next, true)) : (false, null);
        }, ct);
}
