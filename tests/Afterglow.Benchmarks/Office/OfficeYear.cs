using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Events;
using Afterglow.App.Messages;
using Afterglow.App.People;
using Afterglow.App.Retirees;
using Afterglow.App.Visits;
using Afterglow.Benchmarks.CareSimulation;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;

namespace Afterglow.Benchmarks.Office;

public sealed record SeededOffice(string LongHistoryRetireeId, string EventId, IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// The office's year, day by day on the fake clock: about three incidents a day opened by the engine, acknowledged,
/// noted and resolved with an outcome (one retiree has one every two weeks: the long history the benchmark opens);
/// a dozen home, hospital and phone visits a day and the festival visits to every at-risk retiree; two events and
/// two broadcasts a month; raw check-ins for the last <c>rawDays</c> days (every plan due that day, through the
/// store, which counts them for the reports); today's check-ins so far, with ~15 incidents still open.
/// </summary>
public sealed class OfficeYear(SimHost host, IReadOnlyList<SimRetiree> sims, IReadOnlyList<CarePlan> plans, IReadOnlyList<Person> staff,
    IReadOnlyList<Person> volunteers, Random random, int rawDays)
{
    private static readonly string[] Notes = ["电话已联系上，老人说手机没电了。", "志愿者上门查看，老人在家午睡，一切正常。", "女儿回电，老人在她家住几天。",
        "邻居开门查看，老人摔倒，已送医院。", "老人外出买菜未带手机，回家后已回电。", "联系上老人，血压偏高，提醒按时服药。"];
    private static readonly (DateOnly Day, string Name)[] Festivals = [(new(2026, 2, 16), "春节"), (new(2026, 9, 25), "中秋节"), (new(2026, 10, 18), "重阳节")];
    private static readonly (EventKind Kind, string Title, string Place)[] EventKinds = [(EventKind.Lecture, "健康讲座：高血压防治", "老干部活动中心二楼"),
        (EventKind.Checkup, "年度健康体检", "校医院门诊楼"), (EventKind.Outing, "重阳节登高", "岳麓山东门"), (EventKind.GiftPickup, "春节慰问品领取", "离退休处一楼"),
        (EventKind.Meeting, "离退休党支部学习会", "图书馆报告厅")];

    private readonly Dictionary<string, int> _counts = new();
    private DateTimeOffset Now => host.Clock.GetUtcNow();
    private void Count(string what, int n = 1) => _counts[what] = _counts.GetValueOrDefault(what) + n;

    public async Task<SeededOffice> RunAsync(DateOnly today, DateTimeOffset end, Action<string> done)
    {
        var ct = CancellationToken.None;
        var zone = host.Get<Afterglow.App.Office.OfficeClock>().Zone;
        var byId = sims.ToDictionary(s => s.Id);
        var planned = plans.Where(p => byId.ContainsKey(p.RetireeId) && p.Cadence != Cadence.None).ToList();
        var atRisk = sims.Where(s => s.Tier >= RiskTier.High).ToList();
        // The long history: the oldest daily-plan retiree who lives alone.
        var daily = planned.Where(p => p.Cadence == Cadence.Daily).Select(p => byId[p.RetireeId]).ToList();
        var longHistory = daily.Where(s => s.Profile.Living == LivingArrangement.Alone).DefaultIfEmpty(daily[0]).OrderBy(s => s.Profile.BirthDate).First();
        var retirees = host.Get<RetireeStore>();
        var engine = host.Get<EscalationEngine>();
        var visits = host.Get<VisitStore>();
        var checkIns = host.Get<CheckInStore>();
        string eventId = "";

        for (var day = today.AddDays(-365); day < today; day = day.AddDays(1))
        {
            Advance(CheckInSchedule.ToUtc(day, new TimeOnly(7, 0), zone));
            var raw = day >= today.AddDays(-rawDays) ? CheckInsOf(planned, byId, day, zone, DateTimeOffset.MaxValue) : null;
            // Incidents: ~3 a day among the planned, and the long-history retiree every 14th day.
            var who = Enumerable.Range(0, random.Next(2, 5)).Select(_ => byId[planned[random.Next(planned.Count)].RetireeId]).ToList();
            if (day.DayNumber % 14 == 0) who.Add(longHistory);
            var at = CheckInSchedule.ToUtc(day, new TimeOnly(10, 0), zone);
            foreach (var s in who.DistinctBy(s => s.Id))
            {
                var checkInId = CheckInStore.IdOf(CheckInStore.DayPartition(day), s.Id);
                var incidentId = "i-" + checkInId;
                Advance(at);
                at += TimeSpan.FromMinutes(random.Next(10, 40));
                var retiree = (await retirees.GetAsync(s.Id, ct))!.Value.Retiree;
                await engine.OpenAsync(incidentId, IncidentKind.Missed, retiree, checkInId, Now, "system", TimelineTexts.MissedOpened(Now, $"{day:yyyy-MM-dd} 09:00", 60), ct);
                if (raw is not null && raw.FindIndex(c => c.RetireeId == s.Id) is >= 0 and var k) raw[k] = raw[k] with { Status = CheckInStatus.Missed, IncidentId = incidentId, Answer = null, AnsweredAt = null };
                var person = staff[random.Next(staff.Count)];
                Advance(Now + TimeSpan.FromMinutes(random.Next(3, 30)));
                await engine.AcknowledgeAsync(incidentId, new Acknowledgement(Now, person.Name, person.Phone, "dashboard"), ct);
                var note = Notes[random.Next(Notes.Length)];
                await engine.AddNoteAsync(incidentId, person.Name, TimelineTexts.Note(note), ct);
                Advance(Now + TimeSpan.FromMinutes(random.Next(10, 90)));
                var outcome = note.Contains("医院") ? IncidentOutcome.Hospitalised : random.NextDouble() switch
                {
                    < 0.5 => IncidentOutcome.ReachedByPhone, < 0.8 => IncidentOutcome.Well, < 0.95 => IncidentOutcome.Visited, _ => IncidentOutcome.FalseAlarm,
                };
                await engine.ResolveAsync(incidentId, new Resolution(outcome, note, Now, person.Name), ct);
                Count("incidents resolved");
            }
            if (raw is not null) { await checkIns.AddManyAsync(CheckInStore.DayPartition(day), raw, ct); Count("raw check-ins", raw.Count); }

            // Visits: home, hospital and phone by volunteers; the festivals' visits to every at-risk retiree.
            var batch = Enumerable.Range(0, random.Next(8, 16)).Select(_ => Visit(sims[random.Next(sims.Count)], day, random.NextDouble() switch
            { < 0.5 => VisitKind.Home, < 0.7 => VisitKind.Hospital, < 0.9 => VisitKind.Phone, _ => VisitKind.Birthday }, null)).ToList();
            if (day.DayNumber % 14 == 3) batch.Add(Visit(longHistory, day, VisitKind.Home, "上门看望，帮忙换了灯泡。"));
            foreach (var (_, name) in Festivals.Where(f => f.Day == day))
                batch.AddRange(atRisk.Select(s => Visit(s, day, VisitKind.Festival, $"{name}慰问，送米面油。") with { Amount = 300m }));
            await visits.AddManyAsync(batch, Caller.System, ct);
            Count("visits", batch.Count);

            if (day.Day is 1 or 15) eventId = await EventAsync(day, zone, ct) ?? eventId;
            if (day.Day is 5 or 20) await BroadcastAsync(day, zone, ct);
        }
        done($"the year ({_counts.GetValueOrDefault("incidents resolved"):N0} incidents resolved, {_counts.GetValueOrDefault("visits"):N0} visits, {_counts.GetValueOrDefault("events")} events, {_counts.GetValueOrDefault("broadcasts")} broadcasts, {_counts.GetValueOrDefault("raw check-ins"):N0} raw check-ins over {rawDays} days)");

        // Today so far: the check-ins due before now, ~15 of them missed with their incident still open.
        Advance(end);
        var todays = CheckInsOf(planned, byId, today, zone, end);
        var missed = todays.Where(c => c.DueAt < end - TimeSpan.FromHours(1)).OrderBy(_ => random.Next()).Take(15).ToList();
        foreach (var c in missed)
        {
            var incidentId = "i-" + c.Id;
            var retiree = (await retirees.GetAsync(c.RetireeId, ct))!.Value.Retiree;
            await engine.OpenAsync(incidentId, IncidentKind.Missed, retiree, c.Id, c.WindowEndsAt, "system", TimelineTexts.MissedOpened(c.DueAt, $"{TimeZoneInfo.ConvertTime(c.DueAt, zone):yyyy-MM-dd HH:mm}", 60), ct);
            todays[todays.IndexOf(c)] = c with { Status = CheckInStatus.Missed, IncidentId = incidentId, Answer = null, AnsweredAt = null };
            Count("incidents open");
        }
        await checkIns.AddManyAsync(CheckInStore.DayPartition(today), todays, ct);
        Count("today's check-ins", todays.Count);
        done($"today ({todays.Count:N0} check-ins so far, {missed.Count} incidents open)");
        return new SeededOffice(longHistory.Id, eventId, _counts);
    }

    private void Advance(DateTimeOffset to) { if (to > Now) host.Clock.SetUtcNow(to); }

    /// <summary>The day's check-ins of every plan due that day and before <paramref name="before"/>: 93 % answered, the rest undelivered or answered late.</summary>
    private List<CheckIn> CheckInsOf(IReadOnlyList<CarePlan> planned, Dictionary<string, SimRetiree> byId, DateOnly day, TimeZoneInfo zone, DateTimeOffset before) =>
        planned.Where(p => CheckInSchedule.IsCheckInDay(p, day)).Select(p => (Plan: p, Due: CheckInSchedule.ToUtc(day, p.At, zone))).Where(x => x.Due < before).Select(x =>
        {
            var s = byId[x.Plan.RetireeId];
            var answered = random.NextDouble() < 0.97;
            return new CheckIn
            {
                Id = CheckInStore.IdOf(CheckInStore.DayPartition(day), s.Id), RetireeId = s.Id, RetireeName = s.Profile.Name, Mobile = s.Phone,
                VolunteerIds = s.Profile.VolunteerIds, DueAt = x.Due, WindowEndsAt = x.Due + TimeSpan.FromMinutes(x.Plan.AnswerWindowMinutes),
                Status = answered ? CheckInStatus.Answered : CheckInStatus.Undelivered, Delivery = answered ? Delivery.Delivered : Delivery.Failed,
                Answer = answered ? ReplyKind.Well : null, AnsweredAt = answered ? x.Due + TimeSpan.FromMinutes(random.Next(1, 50)) : null,
            };
        }).ToList();

    private Visit Visit(SimRetiree s, DateOnly day, VisitKind kind, string? note)
    {
        var visitor = volunteers[random.Next(volunteers.Count)];
        return new Visit
        {
            Id = VisitStore.NewId(day), RetireeId = s.Id, Date = day, Kind = kind, Visitors = visitor.Name, VisitorIds = [visitor.Id],
            Note = note, RecordedBy = "system", RecordedAt = Now,
        };
    }

    private async Task<string?> EventAsync(DateOnly day, TimeZoneInfo zone, CancellationToken ct)
    {
        var (kind, title, place) = EventKinds[random.Next(EventKinds.Length)];
        var store = host.Get<EventStore>();
        var invitees = sims.Where(s => s.Profile.BirthDate.Year % 12 == day.Month % 12).Take(200).ToList();
        var e = await store.CreateAsync(new Event
        {
            Id = EventStore.NewId(), Revision = 1, Title = title, Kind = kind, StartsAt = CheckInSchedule.ToUtc(day.AddDays(7), new TimeOnly(9, 30), zone),
            Place = place, Capacity = 150, Code = "", State = EventState.Open, Invited = invitees.Count, InvitedAt = Now, CreatedBy = "system", CreatedAt = Now,
        }, Now, ct);
        await store.AddInviteesAsync(e.Id, invitees.Select(s => new Attendee { RetireeId = s.Id, Name = s.Profile.Name, Mobile = s.Phone, Unit = s.Profile.Unit, InvitedAt = Now }).ToList(), ct);
        Count("events");
        return e.Id;
    }

    private async Task BroadcastAsync(DateOnly day, TimeZoneInfo zone, CancellationToken ct)
    {
        var text = day.Month switch { 1 or 2 => "春节期间请注意用电用火安全。", 6 or 7 or 8 => "近期高温，请减少午间外出，多喝水。", 12 => "寒潮来袭，请注意保暖。", _ => "本月健康讲座安排已发布，欢迎参加。" };
        var b = new Broadcast
        {
            Id = "b" + Guid.NewGuid().ToString("N")[..12], Name = $"{day.Month}月通知", TemplateId = SmsTemplates.Notice,
            Parameters = new Dictionary<string, string> { ["text"] = text }, SendAt = CheckInSchedule.ToUtc(day, new TimeOnly(9, 0), zone), State = BroadcastState.Queued,
            CreatedBy = staff[0].Name, CreatedAt = Now, ApprovedBy = staff[1].Name, ApprovedAt = Now, QueuedAt = Now, Queued = sims.Count,
        };
        await host.Get<BroadcastStore>().TrySaveAsync(b, default, ct);
        Count("broadcasts");
    }
}
