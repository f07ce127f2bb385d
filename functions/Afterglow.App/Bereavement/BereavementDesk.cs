using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Office;
using Afterglow.App.People;
using Afterglow.App.Reports;
using Afterglow.App.Retirees;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Domain.Bereavement;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Bereavement;

/// <summary>
/// Recording a death and what follows. The case is stored first (one per retiree); then, each step idempotent, the
/// registry is set to deceased (which is what stops every message: plans, check-ins, escalation and queued notices
/// all check it), the paired volunteers and the area's liaisons get one SMS each (keyed per case and phone), the
/// death is counted for Reports (a marker per retiree), and the case is marked announced. Recording again after a
/// crash runs the unfinished steps and sends nothing twice.
/// </summary>
public sealed class BereavementDesk(
    BereavementStore store, RetireeStore retirees, CareRecipients recipients, PersonStore people, SmsOutbox outbox, ReportCounts counts,
    OfficeClock clock, OfficeProfile office, BereavementOptions options)
{
    /// <summary>The one SMS a death sends to one person (a volunteer or liaison) about one retiree.</summary>
    public static string KeyOf(string retireeId, string phone) => $"bereavement:{retireeId}:{phone}";

    /// <summary>The case for this retiree: made now (true) or the one recorded before (false), announced either way.</summary>
    public async Task<(BereavementCase Case, bool Created)> RecordAsync(Retiree retiree, DeathInput input, NextOfKin? nextOfKin, Caller caller, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var today = clock.Today;
        var draft = new BereavementCase
        {
            RetireeId = retiree.Id, Name = retiree.Profile.Name, DiedOn = input.DiedOn!.Value, LearnedOn = today, LearnedFrom = input.LearnedFrom!.Value,
            LearnedNote = input.LearnedNote, NextOfKin = nextOfKin, Items = Checklist.Start(retiree.Profile, today, options.DueDays, input.AssigneeId),
            RecordedBy = caller.Email, RecordedAt = now, Revision = 1,
            Lines = [new CaseLine(now, "recorded", caller.Email, new Dictionary<string, string>
            {
                ["diedOn"] = input.DiedOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["learnedFrom"] = BereavementMapping.Word(input.LearnedFrom!.Value),
                ["note"] = input.LearnedNote ?? "",
            })],
        };
        var created = await store.TryAddAsync(draft, ct);
        var stored = created ? draft : (await store.GetAsync(retiree.Id, ct))!.Value.Case;
        return (await AnnounceAsync(stored, ct), created);
    }

    /// <summary>
    /// A death recorded elsewhere than the bereavement form — an incident resolved as deceased, the status set on the
    /// record's edit form — starts the same case: the record's date of death (else today), the first next of kin on the
    /// record, the checklist, and the volunteer and liaison told. Nothing when the record is not deceased or a case exists.
    /// </summary>
    public async Task StartFromRegistryAsync(string retireeId, LearnedFrom learnedFrom, string? note, Caller caller, CancellationToken ct)
    {
        if (await store.GetAsync(retireeId, ct) is not null) return;
        if (await retirees.GetAsync(retireeId, ct) is not var (retiree, _) || retiree.Profile.Status != RetireeStatus.Deceased) return;
        var input = new DeathInput(retiree.Profile.DeceasedOn ?? clock.Today, learnedFrom, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), null, null);
        await RecordAsync(retiree, input, NextOfKinChoices.Of(retiree.Profile).FirstOrDefault(), caller, ct);
    }

    /// <summary>The steps after the case is stored; nothing when they are done.</summary>
    public async Task<BereavementCase> AnnounceAsync(BereavementCase c, CancellationToken ct)
    {
        if (c.Announced) return c;
        var retiree = await MarkDeceasedAsync(c, ct);
        var lines = new List<CaseLine>();
        if (retiree is not null)
        {
            var date = c.DiedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var told = new List<(Recipient Person, string Template)>();
            foreach (var id in retiree.Profile.VolunteerIds.Distinct(StringComparer.Ordinal))
                if (await people.GetAsync(id, ct) is { Active: true } v)
                    told.Add((new Recipient(RecipientRole.Volunteer, v.Name, v.Phone, v.Language, v.Id), BereavementTemplates.Volunteer));
            foreach (var l in await recipients.LiaisonsAsync(retiree.Profile.Area, ct)) told.Add((l, BereavementTemplates.Liaison));
            foreach (var (person, template) in told.DistinctBy(t => t.Person.Phone))
            {
                var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["office"] = office.Name, ["person"] = person.Name, ["name"] = c.Name, ["date"] = date };
                // No RetireeId: the SMS is to the living about the deceased, and must not be stopped by the death it tells of.
                await outbox.QueueAsync(new OutgoingSms(person.Phone, template, parameters, person.Language, SmsPurpose.Notice,
                    KeyOf(c.RetireeId, person.Phone), $"bereavement {c.RetireeId}"), ct);
                lines.Add(new CaseLine(clock.UtcNow, "notified", "system", new Dictionary<string, string>
                {
                    ["role"] = template == BereavementTemplates.Volunteer ? "volunteer" : "liaison", ["name"] = person.Name,
                }));
            }
        }
        await counts.CountAsync(new Counted(ReportKinds.Death, c.DiedOn, c.RetireeId, "recorded"), ct);
        return await Optimistic.RetryAsync<BereavementCase>($"Bereavement {c.RetireeId}", async token =>
        {
            var (current, etag) = (await store.GetAsync(c.RetireeId, token))!.Value;
            if (current.Announced) return (true, current);
            var next = current with { Announced = true, Lines = [.. current.Lines, .. lines] };
            return (await store.TrySaveAsync(next, etag, token), next);
        }, ct);
    }

    /// <summary>The registry says deceased on the day of death (a record already deceased keeps its status; the case's day wins).</summary>
    private async Task<Retiree?> MarkDeceasedAsync(BereavementCase c, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Optimistic.MaxAttempts; attempt++)
        {
            if (await retirees.GetAsync(c.RetireeId, ct) is not var (retiree, etag)) return null;
            if (retiree.Profile.Status == RetireeStatus.Deceased && retiree.Profile.DeceasedOn == c.DiedOn) return retiree;
            var profile = retiree.Profile with { Status = RetireeStatus.Deceased, DeceasedOn = c.DiedOn };
            var result = await retirees.ReplaceAsync(c.RetireeId, profile, etag, Caller.System, "retiree.update", ct);
            if (result.Outcome == WriteOutcome.Ok) return result.Retiree;
            if (result.Outcome == WriteOutcome.NotFound) return null;
            await Task.Delay(Optimistic.Jitter(attempt), ct);
        }
        throw new ConcurrencyException($"Retiree {c.RetireeId} kept changing while the death was recorded.");
    }

    /// <summary>
    /// One item changed by staff under the case's revision; the checklist closing archives the case. Returns the case
    /// after, or a reason it could not change: "stale", "archived", "noItem".
    /// </summary>
    public async Task<(BereavementCase? Case, string? Refused, bool ArchivedNow)> ChangeItemAsync(string retireeId, ChecklistItemKind kind, ItemInput input,
        string ifMatch, Caller caller, CancellationToken ct)
    {
        return await Optimistic.RetryAsync<(BereavementCase?, string?, bool)>($"Bereavement {retireeId}", async token =>
        {
            if (await store.GetAsync(retireeId, token) is not var (c, etag)) return (true, (null, "noCase", false));
            if (c.ETag != ifMatch.Trim()) return (true, (c, "stale", false));
            if (c.Archived) return (true, (c, "archived", false));
            if (c.Items.FirstOrDefault(i => i.Kind == kind) is not { } item) return (true, (c, "noItem", false));
            var now = clock.UtcNow;
            var state = input.State ?? item.State;
            var closing = state != ChecklistItemState.Open;
            var changed = item with
            {
                State = state, AssigneeId = input.AssigneeId ?? item.AssigneeId, Due = input.Due ?? item.Due, Note = input.Note ?? item.Note,
                ClosedAt = closing ? (item.State == state ? item.ClosedAt : now) : null, ClosedBy = closing ? (item.State == state ? item.ClosedBy : caller.Email) : null,
            };
            var items = c.Items.Select(i => i.Kind == kind ? changed : i).ToList();
            var lines = new List<CaseLine>(c.Lines)
            {
                new(now, "item", caller.Email, new Dictionary<string, string> { ["item"] = BereavementMapping.Word(kind), ["state"] = BereavementMapping.Word(state), ["note"] = changed.Note ?? "" }),
            };
            var archive = Checklist.IsClosed(items);
            if (archive) lines.Add(new CaseLine(now, "archived", caller.Email, new Dictionary<string, string>()));
            var next = c with { Items = items, Lines = lines, Revision = c.Revision + 1, Archived = archive, ArchivedAt = archive ? now : null };
            return await store.TrySaveAsync(next, etag, token) ? (true, (next, null, archive)) : (false, default);
        }, ct);
    }

    /// <summary>The next of kin chosen again from the profile (under the case's revision).</summary>
    public async Task<(BereavementCase? Case, string? Refused)> ChangeNextOfKinAsync(string retireeId, NextOfKin chosen, string ifMatch, Caller caller, CancellationToken ct) =>
        await Optimistic.RetryAsync<(BereavementCase?, string?)>($"Bereavement {retireeId}", async token =>
        {
            if (await store.GetAsync(retireeId, token) is not var (c, etag)) return (true, (null, "noCase"));
            if (c.ETag != ifMatch.Trim()) return (true, (c, "stale"));
            if (c.Archived) return (true, (c, "archived"));
            var next = c with
            {
                NextOfKin = chosen, Revision = c.Revision + 1,
                Lines = [.. c.Lines, new CaseLine(clock.UtcNow, "nextOfKin", caller.Email, new Dictionary<string, string> { ["name"] = chosen.Name, ["relation"] = chosen.Relation ?? "" })],
            };
            return await store.TrySaveAsync(next, etag, token) ? (true, (next, null)) : (false, default);
        }, ct);
}
