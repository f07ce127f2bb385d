using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.App.CheckIns;

/// <summary>What the caller found.</summary>
public enum CallOutcome { ReachedWell, Unwell, Help, NotReached }

/// <summary>
/// The call channel. At the plan's time a check-in becomes a call task: the paired volunteer (or the coordinator
/// on duty when there is none) gets an SMS with who to call, their numbers, the last result and a short code,
/// and records the outcome on the dashboard or by SMS ("4821 1"). Reached: the check-in is answered and the
/// answer takes its usual path. Not reached — or nothing recorded within the window — opens a call-not-reached
/// incident, which skips the reminder to the retiree and climbs the silence ladder from its second rung.
/// </summary>
public sealed class CallTasks(
    CheckInStore checkIns, IncidentStore incidents, RetireeStore retirees, PersonStore people, CareRecipients recipients,
    CareReplies replies, EscalationEngine engine, ICareMessages messages, Office.OfficeClock clock, ILogger<CallTasks> log)
{
    private const string CodeOwnerPrefix = "call-";

    /// <summary>Records the call task, tells the caller, and schedules the end of its window; each part idempotent.</summary>
    public async Task SendAsync(CheckIn checkIn, Retiree retiree, CancellationToken ct)
    {
        var caller = (await recipients.VolunteersAsync(retiree.Profile, retiree.Id, ct)).FirstOrDefault() ?? (await recipients.OnDutyAsync(ct)).FirstOrDefault();
        var code = await ClaimCodeAsync(checkIn.Id, ct);
        var task = checkIn with { Channel = CareChannel.Call, CallCode = code, CallerName = caller?.Name, CallerPhone = caller?.Phone };
        if (!await checkIns.TryAddAsync(task, ct) && await checkIns.GetAsync(task.Id, ct) is { } existing) task = existing.CheckIn;
        if (task.CallerPhone is { } phone)
            await messages.QueueAsync(new CareMessage(phone, CareTemplates.CallTask, new Dictionary<string, string>
            {
                ["name"] = retiree.Profile.Name, ["phone"] = engine.Display(retiree.Profile.Mobile, retiree.Profile.Landline),
                ["last"] = await LastResultAsync(retiree.Id, ct), ["code"] = task.CallCode ?? "",
                ["until"] = clock.ToLocal(task.WindowEndsAt).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            }, caller!.Language, CarePurpose.CheckIn, $"calltask:{task.Id}", false, retiree.Id), ct);
        else log.LogWarning("Call task {Id}: nobody to call {Retiree}; the window's end will escalate", task.Id, retiree.Id);
        await checkIns.AddDueAsync(new DueItem(DueItem.Window, task.Id, task.WindowEndsAt), ct);
    }

    /// <summary>The caller's outcome, from the dashboard or by SMS. Null when there is no such call task.</summary>
    public async Task<CheckIn?> RecordAsync(string checkInId, CallOutcome outcome, string by, CancellationToken ct)
    {
        if (await checkIns.GetAsync(checkInId, ct) is not { CheckIn.Channel: CareChannel.Call } found) return null;
        if (outcome != CallOutcome.NotReached)
        {
            // Reached: a sign of life, whatever else; the answer follows the path an SMS answer takes (idempotent per answer).
            await replies.MarkAsync([checkInId], outcome switch { CallOutcome.Unwell => ReplyKind.Unwell, CallOutcome.Help => ReplyKind.Help, _ => ReplyKind.Well }, ct);
            log.LogInformation("Call task {Id}: {Outcome} by {By}", checkInId, outcome, by);
            return (await checkIns.GetAsync(checkInId, ct))?.CheckIn;
        }
        var incidentId = "i-" + checkInId;
        var missed = await checkIns.UpdateAsync(checkInId, c => c.Status == CheckInStatus.Sent ? c with { Status = CheckInStatus.Missed, IncidentId = incidentId } : null, ct);
        if (missed is { Status: CheckInStatus.Missed, IncidentId: { } id } && (await retirees.GetAsync(missed.RetireeId, ct))?.Retiree is { } retiree
            && retiree.Profile.Status is not (RetireeStatus.Deceased or RetireeStatus.Archived))
            await engine.OpenAsync(id, IncidentKind.CallNotReached, retiree, missed.Id, missed.DueAt, by, TimelineTexts.CallNotReachedOpened(by), ct);
        return missed;
    }

    /// <summary>"4821 1": a call task's code with an outcome, from its caller or anyone the office knows. False when the code is not a call task's.</summary>
    public async Task<bool> TryRecordBySmsAsync(string from, ParsedReply reply, CancellationToken ct)
    {
        if (reply.Code is not { } code || await incidents.FindByCodeAsync(code, ct) is not { } owner || !owner.StartsWith(CodeOwnerPrefix, StringComparison.Ordinal)) return false;
        CallOutcome? outcome = reply.Kind switch
        {
            ReplyKind.Well or ReplyKind.Yes => CallOutcome.ReachedWell,
            ReplyKind.Unwell => CallOutcome.Unwell,
            ReplyKind.Help => CallOutcome.Help,
            ReplyKind.No => CallOutcome.NotReached,
            _ => null,
        };
        if (outcome is null) return false; // words with the code: the inbox, for a person
        var checkInId = owner[CodeOwnerPrefix.Length..];
        var task = (await checkIns.GetAsync(checkInId, ct))?.CheckIn;
        var person = (await people.FindByPhoneAsync(from, ct)).FirstOrDefault(p => p.Active);
        if (task is null || (task.CallerPhone != from && person is null)) return false;
        await RecordAsync(checkInId, outcome.Value, person?.Name ?? task.CallerName ?? from, ct);
        return true;
    }

    private async Task<string> ClaimCodeAsync(string checkInId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var code = IncidentCodes.Candidate(CodeOwnerPrefix + checkInId, attempt);
            if (await incidents.TryClaimCodeAsync(code, CodeOwnerPrefix + checkInId, ct)) return code;
        }
        throw new InvalidOperationException("No free call code.");
    }

    /// <summary>The previous day's check-in, as the caller needs it: answered well, not reached, …</summary>
    private async Task<string> LastResultAsync(string retireeId, CancellationToken ct)
    {
        var last = (await checkIns.GetAsync(CheckInStore.IdOf(CheckInStore.DayPartition(clock.Today.AddDays(-1)), retireeId), ct))?.CheckIn;
        return last switch
        {
            null => "—",
            { Answer: { } a } => $"{clock.ToLocal(last.AnsweredAt ?? last.DueAt):MM-dd} {a}",
            _ => $"{clock.ToLocal(last.DueAt):MM-dd} {last.Status}",
        };
    }
}
