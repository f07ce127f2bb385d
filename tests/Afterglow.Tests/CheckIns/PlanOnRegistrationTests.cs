using System.Net;
using System.Net.Http.Json;
using System.Text;
using Afterglow.App.Auth;
using Afterglow.App.CheckIns;
using Afterglow.App.Hosting;
using Afterglow.App.Retirees;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Registry;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>
/// A care plan exists from the moment a retiree is registered or imported: the first day's check-in does not wait
/// for the hourly refresh, which neither duplicates nor overwrites it. A landline alone registers, on the call channel.
/// </summary>
public class PlanOnRegistrationTests(CareAppFactory app) : IClassFixture<CareAppFactory>
{
    private CarePlanStore Plans => app.Services.GetRequiredService<CarePlanStore>();

    private async Task<CarePlan?> PlanOf(string retireeId) => (await Plans.GetAsync(retireeId, CancellationToken.None))?.Plan;

    private Task<string> RefreshAsync() => app.Services.GetRequiredService<CarePlanRefresh>()
        .RunAsync(new TimerInvocation(CarePlanRefresh.FunctionName, app.Clock.GetUtcNow(), false, null), CancellationToken.None);

    /// <summary>07:00 on the office's next day: before the default 09:00 check-in (each test moves on, never back).</summary>
    private async Task<DateOnly> EarlyNextDayAsync(CareWorld w)
    {
        var day = CheckInSchedule.LocalDay(app.Clock.GetUtcNow(), CareWorld.Zone).AddDays(1);
        await w.AtAsync(day, "07:00");
        return day;
    }

    private static int _landlines = Random.Shared.Next(0, 5_000_000);
    private static string NewLandline() => $"0278{1_000_000 + Interlocked.Increment(ref _landlines):D7}";

    [Fact]
    public async Task A_registered_retiree_has_a_plan_at_once_and_todays_check_in_goes_out_without_the_hourly_refresh()
    {
        var w = await CareWorld.StartAsync(app);
        var day = await EarlyNextDayAsync(w);
        var (volunteerId, _) = await w.PersonAsync("即时志愿", "volunteer");
        var (retireeId, phone) = await w.RetireeAsync("即时老人", [volunteerId]);

        var plan = await PlanOf(retireeId);
        Assert.NotNull(plan);
        Assert.Equal((PlanState.Active, CareChannel.Sms, false), (plan.State, plan.Channel, plan.Custom));
        Assert.Equal(CareWorld.Local(day, "09:00"), plan.NextDueUtc);
        var view = await (await (await w.AdminAsync()).GetAsync($"/api/careplans/{retireeId}")).JsonAsync();
        Assert.True(view["stored"]!.GetValue<bool>());

        await w.AtAsync(day, "09:00");
        Assert.NotNull(await w.CheckInAsync(day, retireeId));
        Assert.Equal(CareTemplates.CheckIn, Assert.Single(w.Sms.To(phone)).TemplateId);

        // The refresh that would have created it finds nothing to do and leaves the plan as the sweep left it.
        var afterSweep = await PlanOf(retireeId);
        Assert.Equal(CareWorld.Local(day.AddDays(1), "09:00"), afterSweep!.NextDueUtc);
        Assert.StartsWith("0 care plans created, 0 changed", await RefreshAsync());
        static object Key(CarePlan p) => (p.NextDueUtc, p.Cadence, p.At, p.Anchor, p.Channel, p.State, p.Custom);
        Assert.Equal(Key(afterSweep), Key((await PlanOf(retireeId))!));
        await w.AtAsync(day, "09:05");
        Assert.Single(w.Sms.To(phone));
    }

    [Fact]
    public async Task A_retiree_stored_without_a_plan_by_a_crash_gets_it_from_the_hourly_refresh()
    {
        var w = await CareWorld.StartAsync(app);
        var day = await EarlyNextDayAsync(w);
        // The retiree row is written and the process dies before the plan write: the registry's own write only.
        var profile = new RetireeProfile { Name = "断电老人", BirthDate = new DateOnly(1944, 3, 1), Mobile = CareWorld.NewPhone(), Living = LivingArrangement.Alone };
        var created = await app.Services.GetRequiredService<RetireeStore>().CreateAsync(profile, Caller.System, CancellationToken.None);
        Assert.Null(await PlanOf(created.Retiree!.Id));

        Assert.DoesNotContain("0 care plans created", await RefreshAsync());
        Assert.Equal(CareWorld.Local(day, "09:00"), (await PlanOf(created.Retiree.Id))!.NextDueUtc);
    }

    [Fact]
    public async Task Every_retiree_of_an_imported_csv_has_a_plan_at_once_and_gets_todays_check_in()
    {
        var w = await CareWorld.StartAsync(app);
        var day = await EarlyNextDayAsync(w);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var rows = new[]
        {
            ($"导入甲{tag}", CareWorld.NewPhone(), "", "独居"),
            ($"导入乙{tag}", CareWorld.NewPhone(), "", "与配偶"),
            ($"导入丙{tag}", CareWorld.NewPhone(), NewLandline(), "与子女"),
            ($"导入丁{tag}", "", NewLandline(), "独居"),
        };
        var csv = "姓名,出生日期,手机,固定电话,居住情况\r\n" + string.Concat(rows.Select(r => $"{r.Item1},1943-06-01,{r.Item2},{r.Item3},{r.Item4}\r\n"));
        var response = await (await w.AdminAsync()).PostAsync("/api/retirees/import?dryRun=false", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var report = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToJsonString());
        Assert.Equal(rows.Length, report["imported"]!.GetValue<int>());

        var index = app.Services.GetRequiredService<RegistryIndex>();
        await index.EnsureCurrentAsync(CancellationToken.None);
        var imported = index.All.Where(s => s.Name.EndsWith(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(rows.Length, imported.Count);
        foreach (var s in imported)
        {
            var plan = await PlanOf(s.Id);
            Assert.True(plan is not null, $"{s.Name} has no plan");
            Assert.Equal(CareWorld.Local(day, "09:00"), plan.NextDueUtc);
            Assert.Equal(string.IsNullOrEmpty(s.Mobile) ? CareChannel.Call : CareChannel.Sms, plan.Channel);
        }

        await w.AtAsync(day, "09:00");
        foreach (var s in imported) Assert.True(await w.CheckInAsync(day, s.Id) is not null, $"{s.Name} got no check-in today");
        Assert.StartsWith("0 care plans created", await RefreshAsync());
    }

    [Fact]
    public async Task A_retiree_with_only_a_landline_registers_and_their_plan_starts_on_the_call_channel()
    {
        var w = await CareWorld.StartAsync(app);
        var day = await EarlyNextDayAsync(w);
        var admin = await w.AdminAsync();
        var (volunteerId, volunteerPhone) = await w.PersonAsync("座机志愿", "volunteer");
        var landline = NewLandline();

        var before = app.Services.GetRequiredService<RegistryIndex>().All.Count;
        var neither = await admin.PostAsJsonAsync("/api/retirees", new { name = "无电话", birthDate = "1944-03-01", living = "alone", volunteerIds = new[] { volunteerId } });
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.True((await neither.ErrorsAsync()).ContainsKey("mobile"));
        var badLandline = await admin.PostAsJsonAsync("/api/retirees", new { name = "错座机", birthDate = "1944-03-01", landline = "12", volunteerIds = new[] { volunteerId } });
        Assert.True((await badLandline.ErrorsAsync()).ContainsKey("landline"));
        Assert.Equal(before, app.Services.GetRequiredService<RegistryIndex>().All.Count);

        var response = await admin.PostAsJsonAsync("/api/retirees", new
        {
            name = "座机老人", birthDate = "1944-03-01", landline, living = "alone", childless = true, address = "东区12栋3单元401", volunteerIds = new[] { volunteerId },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var retireeId = (await response.JsonAsync())["id"]!.GetValue<string>();

        var plan = await PlanOf(retireeId);
        Assert.NotNull(plan);
        Assert.Equal((CareChannel.Call, ChannelReasons.Landline), (plan.Channel, plan.ChannelReason));
        var view = await (await admin.GetAsync($"/api/careplans/{retireeId}")).JsonAsync();
        Assert.Equal("call", view["plan"]!["channel"]!.GetValue<string>());

        // Today's check-in is a call task to the volunteer; no SMS goes to an empty number.
        await w.AtAsync(day, "09:00");
        Assert.Equal(CareChannel.Call, (await w.CheckInAsync(day, retireeId))!.Channel);
        var task = Assert.Single(w.Sms.To(volunteerPhone));
        Assert.Equal(CareTemplates.CallTask, task.TemplateId);
        // The volunteer is sent the landline as it is dialled, leading 0 and area code kept ("027-8xxx xxxx").
        Assert.Equal($"027-{landline[3..7]} {landline[7..]}", task.Parameters["phone"]);
        Assert.DoesNotContain(w.Sms.All, m => string.IsNullOrEmpty(m.To));
    }
}
