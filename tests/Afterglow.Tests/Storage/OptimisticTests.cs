using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Storage;

public class OptimisticTests(AppFactory app) : AppTests(app)
{
    // The row is a list of the writers' numbers: a stored type the app's JSON context already holds (ADR 0018).

    [Fact]
    public async Task Racing_writers_each_land_exactly_once()
    {
        var table = await App.Services.GetRequiredService<StorageAccount>().TableAsync("OptimisticTest");
        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
            await Optimistic.UpdateRowAsync<List<string>>(table, "c", "one", found => [.. found ?? [], n.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct));
        var final = (await Rows.GetAsync<List<string>>(table, "c", "one", CancellationToken.None))!.Value.Value;
        Assert.Equal(24, final.Count);
        Assert.Equal(Enumerable.Range(0, 24), final.Select(int.Parse).Order());
    }

    [Fact]
    public async Task A_change_that_declines_writes_nothing()
    {
        var table = await App.Services.GetRequiredService<StorageAccount>().TableAsync("OptimisticTest");
        Assert.Null(await Optimistic.UpdateRowAsync<List<string>>(table, "c", "never", _ => null, CancellationToken.None));
        Assert.Null(await Rows.GetAsync<List<string>>(table, "c", "never", CancellationToken.None));
    }

    [Fact]
    public async Task A_write_that_keeps_losing_gives_up_after_the_bound_and_says_so()
    {
        var attempts = 0;
        var e = await Assert.ThrowsAsync<ConcurrencyException>(() => Optimistic.RetryAsync<int>("The thing", _ =>
        {
            attempts++;
            return Task.FromResult((false, 0));
        }, CancellationToken.None, maxAttempts: 5));
        Assert.Equal(5, attempts);
        Assert.Contains("The thing", e.Message);
    }

    [Fact]
    public async Task A_conflict_status_is_a_lost_race_and_other_errors_are_not_swallowed()
    {
        var attempts = 0;
        var result = await Optimistic.RetryAsync("Row", _ =>
        {
            if (++attempts < 3) throw new Azure.RequestFailedException(412, "precondition failed");
            return Task.FromResult((true, attempts));
        }, CancellationToken.None);
        Assert.Equal(3, result);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Optimistic.RetryAsync<int>("Row", _ => throw new Azure.RequestFailedException(500, "down"), CancellationToken.None));
    }

    [Fact]
    public void Jitter_is_random_within_a_growing_bound()
    {
        for (var attempt = 1; attempt < 10; attempt++)
            Assert.InRange(Optimistic.Jitter(attempt).TotalMilliseconds, 0, 320);
        var spread = Enumerable.Range(0, 50).Select(_ => Optimistic.Jitter(5)).Distinct().Count();
        Assert.True(spread > 5, "the wait varies");
    }
}
