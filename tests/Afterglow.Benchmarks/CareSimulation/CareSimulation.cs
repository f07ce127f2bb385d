using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;

namespace Afterglow.Benchmarks.CareSimulation;

/// <summary>
/// Issue 4's care simulation: the real engine (sweep, incidents, replies, escalation) on Azurite and a fake clock,
/// over a synthetic office of 6,000 retirees for 30 days, with modelled behaviour. Reports time from a real
/// silence to the first human acknowledgement, false alarms, SMS per retiree and month with their cost, and the
/// busiest timer run; then the cost of a 1,000-due run with 10,000 and 50,000 registered (<see cref="ScaleRun"/>).
/// Usage: care [retirees=6000] [days=30] [silences=30] [--no-scale] [--one-reminder (the ladder before issue 10's second reminder)]
/// </summary>
public static class CareSimulation
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    // Prices per SMS segment as in docs/deploy.md (US toll-free example): send $0.0075 + $0.0025 surcharge, receive $0.0075.
    private const decimal SendPrice = 0.0100m, ReceivePrice = 0.0075m;

    public static async Task<int> RunAsync(string storage, string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var c) ? c : 6_000;
        var days = args.Length > 1 && int.TryParse(args[1], out var d) ? d : 30;
        var silences = args.Length > 2 && int.TryParse(args[2], out var s) ? s : 30;
        var report = new List<string>();
        var total = Stopwatch.StartNew();
        await SimulateAsync(storage, count, days, silences, args.Contains("--one-reminder"), report);
        if (!args.Contains("--no-scale")) await ScaleRun.RunAsync(storage, report);
        Console.WriteLine();
        foreach (var line in report) Console.WriteLine(line);
        Console.WriteLine($"\n(whole run: {total.Elapsed.TotalMinutes:F1} min)");
        return 0;
    }

    private sealed class Silence(SimRetiree retiree)
    {
        public SimRetiree Retiree { get; } = retiree;
        public DateTimeOffset? FirstMissedDue, FirstPersonNotified, FirstHumanAck;
        public string? AckedBy;
    }

    /// <summary>The ladder before issue 10's second reminder (one reminder, the volunteer an hour later), for "before" runs.</summary>
    private static readonly EscalationPolicy OneReminder = EscalationPolicy.Default with
    {
        Levels = [new EscalationLevel(EscalationTarget.Retiree, 60), .. EscalationPolicy.DefaultLevels.SkipWhile(l => l.Target == EscalationTarget.Retiree)],
    };

    private static async Task SimulateAsync(string storage, int count, int days, int silenceCount, bool oneReminder, List<string> report)
    {
        var day0 = new DateOnly(2026, 11, 1);
        var start = CheckInSchedule.ToUtc(day0, new TimeOnly(20, 0), Zone);
        SimHost? host = null;
        DateTimeOffset Now() => host!.Clock.GetUtcNow();
        var phones = new SimPhones(() => Now());
        host = new SimHost(storage, "care" + Guid.NewGuid().ToString("N")[..8], phones, start);
        var setup = Stopwatch.StartNew();
        var random = new Random(2026);

        // People: 8 coordinators on a day/night rota, one liaison per area, a volunteer per six at-risk retirees.
        var people = host.Get<PersonStore>();
        var staff = Enumerable.Range(0, 8).Select(i => new Person { Id = $"staff{i}", Name = $"工作人员{i}", Phone = SyntheticOffice.StaffPhone(i), Role = PersonRole.Staff }).ToList();
        var liaisons = Enumerable.Range(0, SyntheticOffice.Areas).Select(i => new Person { Id = $"liaison{i}", Name = $"联络员{i}", Phone = SyntheticOffice.StaffPhone(100 + i), Role = PersonRole.Liaison, Areas = [$"area{i}"] }).ToList();
        var retirees = SyntheticOffice.Retirees(count, day0, random, withPeople: true);
        var atRisk = retirees.Where(r => r.Tier >= Afterglow.Domain.Registry.RiskTier.High).ToList();
        var volunteers = Enumerable.Range(0, Math.Max(2, (atRisk.Count + 5) / 6)).Select(i => new Person { Id = $"vol{i}", Name = $"志愿者{i}", Phone = SyntheticOffice.VolunteerPhone(i), Role = PersonRole.Volunteer }).ToList();
        foreach (var p in staff.Concat(liaisons).Concat(volunteers)) await people.SaveAsync(p, CancellationToken.None);
        for (var i = 0; i < SyntheticOffice.Areas; i++) await people.SaveAreaAsync(new Area($"area{i}", $"片区{i}", [$"liaison{i}"]), CancellationToken.None);
        var shifts = new List<Shift>();
        for (var dayOfWeek = 0; dayOfWeek < 7; dayOfWeek++)
        {
            shifts.Add(new Shift((DayOfWeek)dayOfWeek, new TimeOnly(8, 0), new TimeOnly(20, 0), staff[(2 * dayOfWeek) % 8].Id));
            shifts.Add(new Shift((DayOfWeek)dayOfWeek, new TimeOnly(20, 0), new TimeOnly(8, 0), staff[(2 * dayOfWeek + 1) % 8].Id));
        }
        await host.Get<RosterStore>().SaveAsync(new DutyRoster { Weekly = shifts }, CancellationToken.None);

        // Retirees, the at-risk paired with a primary and a backup volunteer.
        var profiles = retirees.Select(r => r.Profile).ToList();
        for (var k = 0; k < atRisk.Count; k++)
        {
            var v = k / 6;
            var pair = (IReadOnlyList<string>)[volunteers[v % volunteers.Count].Id, volunteers[(v + 1) % volunteers.Count].Id];
            profiles[atRisk[k].Index] = atRisk[k].Profile with { VolunteerIds = pair };
        }
        var (written, failed) = await host.Get<RetireeStore>().CreateManyAsync(profiles, Caller.System, CancellationToken.None);
        if (failed.Count > 0) throw new InvalidOperationException($"{failed.Count} retirees were not written.");
        var index = host.Get<RegistryIndex>();
        await index.EnsureCurrentAsync(CancellationToken.None);
        var byPhone = retirees.ToDictionary(r => r.Phone);
        foreach (var summary in index.All) byPhone[summary.Mobile].Id = summary.Id;
        var byId = retirees.ToDictionary(r => r.Id);
        var roleOf = new Dictionary<string, PersonRole>();
        foreach (var p in staff.Concat(liaisons).Concat(volunteers)) roleOf[p.Phone] = p.Role;
        var contactOf = retirees.SelectMany(r => r.Profile.EmergencyContacts.Select(c => (c.Phone, r))).ToDictionary(x => x.Phone, x => x.r);

        if (oneReminder) await host.Get<CarePlanStore>().SavePolicyAsync(OneReminder, CancellationToken.None);
        // Plans from the tier (the hourly refresh does this in production), and consent requests to the contacts.
        await host.Get<CarePlanRefresh>().RunAsync(new TimerInvocation(CarePlanRefresh.FunctionName, start, false, null), CancellationToken.None);
        var plans = await host.Get<CarePlanStore>().ListAsync(CancellationToken.None);
        foreach (var p in plans) byId[p.RetireeId].Cadence = p.Cadence;
        var daily = retirees.Where(r => r.Cadence == Cadence.Daily).ToList();
        // People on the call channel from the start (SimReplies.OnCalls): a call task for their volunteer each day.
        var onCalls = daily.OrderBy(_ => random.Next()).Take((int)(daily.Count * SimReplies.OnCalls)).ToList();
        foreach (var r in onCalls)
            await host.Get<CarePlanner>().UpdateAsync(r.Id, p => p! with { Channel = CareChannel.Call, ChannelReason = ChannelReasons.Landline }, CancellationToken.None);

        // Real silences: daily-plan retirees who fall and cannot answer, at random moments through the month.
        var silences = new List<Silence>();
        foreach (var r in daily.OrderBy(_ => random.Next()).Take(silenceCount))
        {
            r.SilentFrom = start + TimeSpan.FromHours(4 + random.NextDouble() * 24 * Math.Max(1, days - 2));
            silences.Add(new Silence(r));
        }
        var silenceOf = silences.ToDictionary(x => x.Retiree.Id);

        var replies = host.Get<CareReplies>();
        var engine = host.Get<EscalationEngine>();
        var incidents = host.Get<IncidentStore>();
        var planner = host.Get<CarePlanner>();
        var answersAfterReminder = new ConcurrentDictionary<string, bool>();
        var firstNotifiedOf = new ConcurrentDictionary<string, DateTimeOffset>();

        var consentReplies = 0;
        var inboundPath = host.Get<Afterglow.App.Sms.SmsInbound>();
        var calls = host.Get<CallTasks>();
        var drawn = new ConcurrentDictionary<string, int>();
        // Every reply takes the one inbound path a gateway's would (classifier, replies to read, STOP, call codes).
        async Task Reply(string from, string text)
        {
            if (text == "YES") Interlocked.Increment(ref consentReplies);
            Interlocked.Increment(ref phones.Inbound);
            await inboundPath.HandleAsync(new Afterglow.App.Sms.InboundSms(from, text, Now(), Guid.NewGuid().ToString("N")), CancellationToken.None);
        }

        async Task Acknowledge(string from, string code, SimRetiree retiree)
        {
            Interlocked.Increment(ref phones.Inbound);
            var id = await incidents.FindByCodeAsync(code, CancellationToken.None);
            if (!await replies.HandleAsync(from, $"OK {code}", CancellationToken.None) || id is null) return;
            var incident = (await incidents.GetAsync(id, CancellationToken.None))?.Incident;
            if (incident?.Acknowledged?.Phone != from || incident.Acknowledged.At != Now()) return;
            var silent = retiree.IsSilent(Now());
            if (silent && silenceOf.TryGetValue(retiree.Id, out var silence) && silence.FirstHumanAck is null)
            {
                silence.FirstHumanAck = Now();
                silence.FirstMissedDue = incident.Since;
                silence.AckedBy = roleOf.TryGetValue(from, out var role) ? role.ToString() : "Family";
                silence.FirstPersonNotified = firstNotifiedOf.TryGetValue(incident.Id, out var n) ? n : null;
                retiree.FoundAt = Now();
            }
            var r = SimPhones.RandomFor("resolve:" + id);
            phones.Schedule(new SimEvent(Now() + SimPhones.Between(r, 10, 60), "resolve", async () =>
            {
                var outcome = silent ? IncidentOutcome.Hospitalised : IncidentOutcome.ReachedByPhone;
                await engine.ResolveAsync(id, new Resolution(outcome, silent ? "Found at home, taken to hospital." : "Reached; all well.", Now(), from), CancellationToken.None);
                if (silent)
                {
                    var today = CheckInSchedule.LocalDay(Now(), Zone);
                    await planner.UpdateAsync(retiree.Id, p => p! with { Pause = new CarePause(today.AddDays(3), "住院", today) }, CancellationToken.None);
                }
            }, true));
        }

        // The behaviour model (see docs/benchmarks/care-simulation.md).
        phones.Behaviour = (m, now) =>
        {
            // Keyed by the retiree's phone, not the id the registry drew, so two runs (before/after) make the same draws.
            var r = SimPhones.RandomFor(m.RetireeId is { Length: > 0 } rid ? m.Key.Replace(rid, byId.TryGetValue(rid, out var sim) ? sim.Phone : rid, StringComparison.Ordinal) : m.Key);
            var events = new List<SimEvent>();
            byId.TryGetValue(m.RetireeId ?? "", out var retiree);
            var code = m.Parameters.TryGetValue("code", out var cd) ? cd : null;
            switch (m.TemplateId)
            {
                case CareTemplates.CheckIn when retiree is not null:
                    if (retiree.IsSilent(now)) break;
                    if (r.NextDouble() < 0.002)
                    {
                        events.Add(new SimEvent(now + TimeSpan.FromMinutes(2), "undelivered", () => replies.OnDeliveryFailedAsync(m.Key, m.To, "unreachable", CancellationToken.None), true));
                        break;
                    }
                    events.Add(new SimEvent(now + TimeSpan.FromSeconds(20), "delivered", () => replies.OnDeliveredAsync(m.Key, CancellationToken.None), false));
                    var roll = r.NextDouble();
                    if (roll < 0.92)
                    {
                        answersAfterReminder.TryRemove(retiree.Id, out _); // a day that was answered leaves nothing for a later reminder
                        var (cls, answer) = SimReplies.Draw(r);
                        drawn.AddOrUpdate(cls, 1, (_, n) => n + 1);
                        var delay = SimPhones.Delay(r, 10, 1.0);
                        if (delay > TimeSpan.FromMinutes(110)) delay = TimeSpan.FromMinutes(110);
                        events.Add(new SimEvent(now + delay, "answer", () => Reply(m.To, answer), cls != "well"));
                    }
                    else answersAfterReminder[retiree.Id] = roll < 0.97; // forgot: some answer the reminder, some not at all that day
                    break;
                case CareTemplates.Reminder when retiree is not null:
                    // A person who answers reminders that day answers each one with the same chance (issue 4's 80 %): one
                    // who missed the first may answer a second. Those who answer nothing that day answer no reminder.
                    if (!retiree.IsSilent(now) && answersAfterReminder.TryGetValue(retiree.Id, out var will) && will && r.NextDouble() < 0.8)
                    {
                        answersAfterReminder.TryRemove(retiree.Id, out _);
                        events.Add(new SimEvent(now + SimPhones.Between(r, 5, 45), "late answer", () => Reply(m.To, SimReplies.Pick(r, "well")), true));
                    }
                    break;
                case CareTemplates.CallTask when retiree is not null:
                {
                    // The caller phones within the window (median 30 min): a silent retiree is not reached; 5 % record nothing.
                    var checkInId = m.Key["calltask:".Length..];
                    var at = now + SimPhones.Delay(r, 30, 0.6);
                    if (at > now + TimeSpan.FromMinutes(110) || r.NextDouble() < 0.05) break;
                    var outcome = retiree.IsSilent(at) ? CallOutcome.NotReached : r.NextDouble() < 0.015 ? CallOutcome.Unwell : CallOutcome.ReachedWell;
                    events.Add(new SimEvent(at, "call", () => calls.RecordAsync(checkInId, outcome, m.To, CancellationToken.None), true));
                    break;
                }
                case CareTemplates.Alert or CareTemplates.HelpAlert or CareTemplates.UndeliveredAlert when retiree is not null && code is not null:
                {
                    if (m.Key.StartsWith("esc:", StringComparison.Ordinal)) firstNotifiedOf.TryAdd(m.Key.Split(':')[1], now);
                    var role = roleOf.GetValueOrDefault(m.To, PersonRole.Volunteer);
                    var (respond, median) = role switch { PersonRole.Volunteer => (0.85, 20.0), PersonRole.Liaison => (0.9, 25.0), _ => (0.9, 20.0) };
                    if (r.NextDouble() > respond) break;
                    var at = now + SimPhones.Delay(r, median, 0.7);
                    var reachable = !retiree.IsSilent(at);
                    if (reachable) events.Add(new SimEvent(at, "ack", () => Acknowledge(m.To, code, retiree), true));
                    else if (role == PersonRole.Liaison || (role == PersonRole.Volunteer && r.NextDouble() < 0.5))
                        events.Add(new SimEvent(at + SimPhones.Between(r, 30, 80), "visit", () => Acknowledge(m.To, code, retiree), true));
                    else if (role == PersonRole.Volunteer) events.Add(new SimEvent(at, "no", () => Reply(m.To, $"NO {code}"), true));
                    break;
                }
                case CareTemplates.Family when retiree is not null && code is not null:
                {
                    if (r.NextDouble() > 0.7) break;
                    var at = now + SimPhones.Delay(r, 30, 0.7);
                    if (!retiree.IsSilent(at)) events.Add(new SimEvent(at, "ack", () => Acknowledge(m.To, code, retiree), true));
                    else if (r.NextDouble() < 0.5) events.Add(new SimEvent(at + SimPhones.Between(r, 60, 120), "visit", () => Acknowledge(m.To, code, retiree), true));
                    else events.Add(new SimEvent(at, "no", () => Reply(m.To, $"NO {code}"), true));
                    break;
                }
                case CareTemplates.Visit when retiree is not null && code is not null:
                    if (r.NextDouble() < 0.95) events.Add(new SimEvent(now + SimPhones.Between(r, 30, 90), "visit", () => Acknowledge(m.To, code, retiree), true));
                    break;
                case CareTemplates.AckReminder when code is not null:
                    events.Add(new SimEvent(now + SimPhones.Between(r, 5, 30), "resolve", async () =>
                    {
                        if (await incidents.FindByCodeAsync(code, CancellationToken.None) is { } id)
                            await engine.ResolveAsync(id, new Resolution(IncidentOutcome.Other, "Recorded after a reminder.", Now(), m.To), CancellationToken.None);
                    }, true));
                    break;
                case CareTemplates.Consent:
                    if (r.NextDouble() < 0.85) events.Add(new SimEvent(now + SimPhones.Between(r, 60, 720), "consent", () => Reply(m.To, "YES"), false));
                    break;
            }
            return events;
        };
        // The consent requests went out during the refresh, before the behaviour was attached: answer them now.
        foreach (var m in phones.Sent.Where(m => m.TemplateId == CareTemplates.Consent).ToList())
            if (SimPhones.RandomFor(m.Key).NextDouble() < 0.85)
                phones.Schedule(new SimEvent(start + SimPhones.Between(SimPhones.RandomFor(m.Key + "y"), 60, 720), "consent", () => Reply(m.To, "YES"), false));
        var setupTime = setup.Elapsed;

        // Wake-ups: each check-in time and the end of its answer window; and whenever an open incident is next due.
        var slots = new List<DateTimeOffset>();
        for (var day = 1; day <= days; day++)
            foreach (var t in SyntheticOffice.Times)
            {
                slots.Add(CheckInSchedule.ToUtc(day0.AddDays(day), t, Zone));
                slots.Add(CheckInSchedule.ToUtc(day0.AddDays(day), t, Zone) + TimeSpan.FromMinutes(CarePlans.DefaultAnswerWindowMinutes));
            }
        slots.Sort();
        var end = CheckInSchedule.ToUtc(day0.AddDays(days + 1), new TimeOnly(0, 0), Zone);
        var sweep = host.Get<CheckInSweep>();
        var checkIns = host.Get<CheckInStore>();
        var watch = host.Get<CareWatch>();
        var slot = 0;
        DateTimeOffset? incidentWake = null;
        var lastSweep = DateTimeOffset.MinValue;
        var sweeps = new List<(DateTimeOffset At, double Ms, int Due)>();
        var mornings = new List<MorningReport>();
        var nextMorning = CheckInSchedule.ToUtc(day0.AddDays(2), new TimeOnly(7, 40), Zone);
        var events = 0;
        var loop = Stopwatch.StartNew();

        async Task RefreshIncidentWake()
        {
            var open = await incidents.ListOpenAsync(CancellationToken.None);
            var next = open.Select(o => o.Pending ? Now() : o.NextAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            incidentWake = next == DateTimeOffset.MaxValue ? null : next;
        }

        while (true)
        {
            while (slot < slots.Count && slots[slot] <= lastSweep) slot++;
            var wake = slot < slots.Count ? slots[slot] : DateTimeOffset.MaxValue;
            if (incidentWake is { } iw) wake = iw <= lastSweep ? lastSweep + TimeSpan.FromMinutes(1) : (iw < wake ? iw : wake);
            // The minute timer fires on whole minutes.
            if (wake != DateTimeOffset.MaxValue && wake.Second + wake.Millisecond > 0) wake = new DateTimeOffset(wake.UtcTicks - wake.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero) + TimeSpan.FromMinutes(1);
            var nextEvent = phones.NextAt ?? DateTimeOffset.MaxValue;
            var t = nextEvent < wake ? nextEvent : wake;
            if (nextMorning < t) t = nextMorning;
            if (t >= end) break;
            if (t > Now()) host.Clock.SetUtcNow(t);

            if (t == nextMorning)
            {
                mornings.Add(await watch.CompareAsync(CheckInSchedule.LocalDay(t, Zone).AddDays(-1), CancellationToken.None));
                nextMorning += TimeSpan.FromDays(1);
                continue;
            }
            if (nextEvent <= t)
            {
                var touched = false;
                while (phones.TakeDue(t) is { } e)
                {
                    await e.Run();
                    touched |= e.TouchesIncidents;
                    events++;
                }
                if (touched) await RefreshIncidentWake();
                continue;
            }
            var timer = Stopwatch.StartNew();
            await sweep.RunAsync(new TimerInvocation(CheckInSweep.FunctionName, t, false, null), CancellationToken.None);
            var ms = timer.Elapsed.TotalMilliseconds;
            sweeps.Add((t, ms, (await checkIns.GetHeartbeatAsync(CancellationToken.None))!.Due));
            lastSweep = t;
            await RefreshIncidentWake();
        }
        var loopTime = loop.Elapsed;

        // Incidents: how far each went and whether the retiree was in fact silent.
        var all = (await incidents.ListClosedAsync(int.MaxValue, null, CancellationToken.None)).Concat(await incidents.ListOpenAsync(CancellationToken.None)).ToList();
        int reachedFamilyOrVisit = 0, falseReached = 0, falseAll = 0, help = 0, undelivered = 0;
        foreach (var summary in all)
        {
            var incident = (await incidents.GetAsync(summary.Id, CancellationToken.None))!.Value.Incident;
            var truly = byId.TryGetValue(incident.RetireeId, out var who) && who.IsSilent(incident.Since + TimeSpan.FromMinutes(1));
            if (incident.Kind == IncidentKind.Help) help++;
            if (incident.Kind == IncidentKind.Undelivered) undelivered++;
            var far = incident.Steps.Any(s => s.Target == EscalationTarget.OnSiteVisit || (s.Target == EscalationTarget.EmergencyContacts && s.Recipients.Count > 0));
            if (far) reachedFamilyOrVisit++;
            if (!truly && incident.Kind != IncidentKind.Help)
            {
                falseAll++;
                if (far) falseReached++;
            }
        }

        var found = silences.Where(x => x.FirstHumanAck is not null).ToList();
        double Hours(TimeSpan t) => t.TotalHours;
        var fromDue = found.Select(x => Hours(x.FirstHumanAck!.Value - x.FirstMissedDue!.Value)).Order().ToList();
        var fromWindow = found.Select(x => Hours(x.FirstHumanAck!.Value - x.FirstMissedDue!.Value - TimeSpan.FromMinutes(CarePlans.DefaultAnswerWindowMinutes))).Order().ToList();
        var fromFall = found.Select(x => Hours(x.FirstHumanAck!.Value - x.Retiree.SilentFrom!.Value)).Order().ToList();
        var toPerson = found.Where(x => x.FirstPersonNotified is not null).Select(x => Hours(x.FirstPersonNotified!.Value - x.FirstMissedDue!.Value)).Order().ToList();
        // Consent requests (and their thanks) go once per contact, not every month: counted apart.
        var queued = phones.Sent.ToList();
        var oneOff = queued.Where(m => m.Purpose == CarePurpose.Consent).ToList();
        var sent = queued.Where(m => m.Purpose != CarePurpose.Consent).ToList();
        var segments = sent.Sum(m => SimPhones.Segments(m.Text));
        var months = days / 30.0;
        var perRetiree = sent.Count / (double)count / months;
        var inbound = phones.Inbound - consentReplies;
        var cost = (segments * SendPrice + inbound * ReceivePrice) / (decimal)months;
        var oneOffCost = oneOff.Sum(m => SimPhones.Segments(m.Text)) * SendPrice + consentReplies * ReceivePrice;
        var busiest = sweeps.OrderByDescending(x => x.Ms).First();
        var busiestDue = sweeps.OrderByDescending(x => x.Due).First();
        var load = await CareMeasures.MeasureAsync(all, incidents, checkIns, byId.ToDictionary(kv => kv.Key, kv => (Func<DateTimeOffset, bool>)kv.Value.IsSilent), sent, roleOf, CancellationToken.None);
        var retireeWeeks = daily.Count / 100.0 * (days / 7.0);
        var byPurpose = sent.GroupBy(m => m.Purpose).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count() / (double)count / months:F2}");
        var expected = mornings.Sum(m => m.Expected);
        var checkInsSent = mornings.Sum(m => m.Sent);

        report.Add($"## Care simulation: {count:N0} retirees, {days} days, {silenceCount} real silences");
        report.Add("");
        report.Add($"Office: {atRisk.Count:N0} at-risk (high/critical) retirees on daily check-ins of {daily.Count:N0} daily plans; " +
                   $"{plans.Count(p => p.Cadence == Cadence.TwiceWeekly):N0} twice weekly, {plans.Count(p => p.Cadence == Cadence.Weekly):N0} weekly; " +
                   $"{volunteers.Count} volunteers, {liaisons.Count} liaisons, {staff.Count} coordinators; {contactOf.Count:N0} emergency contacts.");
        report.Add("");
        report.Add("| measure | result | target |");
        report.Add("| --- | --- | --- |");
        report.Add($"| real silences found by a person | {found.Count} of {silences.Count} | all |");
        report.Add($"| silence → first human acknowledgement, from the missed check-in's answer window closing: median / p95 | {Median(fromWindow):F2} h / {P95(fromWindow):F2} h | < 3 h / < 6 h |");
        report.Add($"| same, from the unanswered check-in SMS: median / p95 | {Median(fromDue):F2} h / {P95(fromDue):F2} h | |");
        report.Add($"| same, from the moment of the fall (includes waiting for the next check-in): median / p95 | {Median(fromFall):F2} h / {P95(fromFall):F2} h | |");
        report.Add($"| unanswered check-in SMS → first person (not the retiree) notified: median / p95 | {Median(toPerson):F2} h / {P95(toPerson):F2} h | |");
        report.Add($"| who acknowledged first | {string.Join(", ", found.GroupBy(x => x.AckedBy).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"))} | |");
        report.Add($"| incidents | {all.Count:N0} ({help} help, {undelivered} undelivered); {reachedFamilyOrVisit} reached family or an on-site visit | |");
        report.Add($"| false alarms that reached family or an on-site visit | {falseReached} = {(all.Count == 0 ? 0 : 100.0 * falseReached / all.Count):F1} % of incidents ({falseAll} incidents in all without a real silence) | |");
        report.Add($"| false alarms: incidents that reached a volunteer or anyone beyond after the retiree had replied | **{load.FalseAlarms}** | 0 |");
        report.Add($"| alerts to volunteers, liaisons and coordinators per 100 daily-plan retirees per week | **{load.Alerts / retireeWeeks:F1}** ({load.Alerts:N0} alerts: {load.AlertsByKind}) | ≤ 5 |");
        report.Add($"| alerts by recipient / by cause (known afterwards) | {load.AlertsByRole} / {load.AlertsByCause} | |");
        report.Add($"| needless alerts (the retiree was fine) per 100 daily-plan retirees per week | **{load.NeedlessAlerts / retireeWeeks:F1}** ({load.MissedIncidents}) | |");
        report.Add($"| other requests to volunteers (not alarms) per 100 daily-plan retirees per week | call-backs {load.CallBacks / retireeWeeks:F1}, call tasks {load.CallTasks / retireeWeeks:F1} | |");
        report.Add($"| replies drawn (shares in SimReplies.cs) | {string.Join(", ", drawn.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:N0}"))}; {onCalls.Count} daily plans on calls from the start | |");
        report.Add($"| SMS sent per retiree per month | {perRetiree:F2} ({string.Join(", ", byPurpose)}) | |");
        report.Add($"| SMS cost per month (segments × $0.010 sent, replies × $0.0075 received) | {segments / months:N0} segments + {inbound / months:N0} replies = ${cost:N0} (${cost / count:F3} per retiree) | |");
        report.Add($"| once, at the start: consent requests to emergency contacts, thanks, YES replies | {oneOff.Count:N0} SMS + {consentReplies:N0} replies = ${oneOffCost:N0} | |");
        report.Add($"| check-ins expected / sent (the watch's morning comparison, {mornings.Count} mornings) | {expected:N0} / {checkInsSent:N0} | equal |");
        report.Add($"| busiest timer run in the month | {busiest.Ms:F0} ms ({busiest.Due} due at {TimeZoneInfo.ConvertTime(busiest.At, Zone):MM-dd HH:mm}); most due in one run: {busiestDue.Due} in {busiestDue.Ms:F0} ms | < 10 s per 1,000 due |");
        report.Add($"| repeated queue calls absorbed by message keys | {phones.Repeats} | (no duplicate SMS) |");
        report.Add("");
        report.Add($"Setup {setupTime.TotalSeconds:F0} s; simulated {days} days in {loopTime.TotalMinutes:F1} min: {sweeps.Count:N0} timer runs, {events:N0} events.");
        await host.DisposeAsync();
    }

    public static double Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : Percentile(sorted, 0.5);
    public static double P95(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : Percentile(sorted, 0.95);

    private static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
