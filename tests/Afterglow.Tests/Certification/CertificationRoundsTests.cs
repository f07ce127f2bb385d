using Afterglow.App.Certification;
using Afterglow.Domain.Certification;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Certification;

/// <summary>A reminder round cut short by a crash is finished by the next press: nothing lost, nothing sent twice.</summary>
public class CertificationRoundsTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_round_cut_short_is_finished_with_the_same_keys_and_a_row_counts_each_round_once()
    {
        var w = new CertificationWorld(App);
        var a = await w.RetireeAsync("轮次甲");
        var b = await w.RetireeAsync("轮次乙");
        var id = (await w.CampaignAsync())["id"]!.GetValue<string>();
        var store = App.Services.GetRequiredService<CertificationStore>();
        Assert.Equal(2, (await w.RemindAsync(id))["queued"]!.GetValue<int>());

        // A crash after round 2 was taken and before any SMS: the next press finishes round 2, it does not start round 3.
        await CrashMidRoundAsync(store, id, c => c with { Rounds = 2, RoundQueued = false });
        var resumed = await w.RemindAsync(id);
        Assert.Equal(2, resumed["campaign"]!["rounds"]!.GetValue<int>());
        Assert.Equal(2, resumed["queued"]!.GetValue<int>());
        Assert.NotNull(await w.ReminderAsync(id, a, 2));
        Assert.Null(await w.ReminderAsync(id, a, 3));

        // A crash after the SMS and the rows, before the round was marked queued: pressing again sends nothing new
        // and counts nothing twice.
        await CrashMidRoundAsync(store, id, c => c with { RoundQueued = false });
        var again = await w.RemindAsync(id);
        Assert.Equal(0, again["queued"]!.GetValue<int>());
        Assert.Equal(2, again["campaign"]!["rounds"]!.GetValue<int>());
        var row = (await store.GetRowAsync(id, b, CancellationToken.None))!.Value.Row;
        Assert.Equal(2, row.Reminders);
        Assert.Equal(["1", "2"], row.Lines.Where(l => l.Code == "reminded").Select(l => l.Args["round"]));

        // The next press is a new round.
        Assert.Equal(3, (await w.RemindAsync(id))["campaign"]!["rounds"]!.GetValue<int>());
        Assert.NotNull(await w.ReminderAsync(id, b, 3));
    }

    private static async Task CrashMidRoundAsync(CertificationStore store, string id, Func<Campaign, Campaign> state)
    {
        var (c, etag) = (await store.GetAsync(id, CancellationToken.None))!.Value;
        Assert.True(await store.TrySaveAsync(state(c), etag, CancellationToken.None));
    }

    [Theory]
    [InlineData(false, CertificationState.ToDo)]
    [InlineData(true, CertificationState.Elsewhere)]
    public void Where_a_retiree_starts(bool livesElsewhere, CertificationState expected) =>
        Assert.Equal(expected, CertificationRules.Start(livesElsewhere));

    [Fact]
    public void Who_is_reminded_and_who_is_missing()
    {
        Assert.Equal([CertificationState.ToDo, CertificationState.Reminded, CertificationState.Elsewhere],
            Enum.GetValues<CertificationState>().Where(CertificationRules.MayRemind));
        Assert.Equal([CertificationState.Done], Enum.GetValues<CertificationState>().Where(s => !CertificationRules.IsMissing(s)));
        Assert.Equal(CertificationState.Reminded, CertificationRules.AfterReminder(CertificationState.ToDo));
        Assert.Equal(CertificationState.Elsewhere, CertificationRules.AfterReminder(CertificationState.Elsewhere));
        Assert.Equal(0, CertificationRules.DaysLeft(new DateOnly(2026, 12, 31), new DateOnly(2026, 12, 31)));
        Assert.Equal(-3, CertificationRules.DaysLeft(new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 3)));
    }
}
