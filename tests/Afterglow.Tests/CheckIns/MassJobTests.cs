using System.Net;
using System.Net.Http.Json;
using Afterglow.App.CheckIns;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.CheckIns;

/// <summary>Mass check-ins in chunks of two, so seven recipients make a job of four chunks.</summary>
public sealed class SmallChunkCareFactory : CareAppFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["CheckIns:MassChunkSize"] = "2" };
}

/// <summary>
/// A mass check-in is a job: the request sends the first chunk, the sweep the rest; a crash in the middle of a
/// chunk is continued by the next sweep, and every retiree gets one check-in SMS.
/// </summary>
public class MassJobTests(SmallChunkCareFactory app) : IClassFixture<SmallChunkCareFactory>
{
    [Fact]
    public async Task A_mass_check_in_crashing_mid_job_is_continued_by_the_sweep_and_sends_each_once()
    {
        var w = await CareWorld.StartAsync(app);
        var admin = await w.AdminAsync();
        var area = "bay" + Guid.NewGuid().ToString("N")[..6];
        var (volunteerId, _) = await w.PersonAsync("分批志愿", "volunteer");
        var phones = new List<string>();
        for (var n = 0; n < 7; n++) phones.Add((await w.RetireeAsync($"分批{n}", [volunteerId], area)).Phone);

        var started = await admin.PostAsJsonAsync("/api/checkins/mass", new { reason = "寒潮", filter = new { area }, windowMinutes = 60 });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.JsonAsync();
        var id = body["mass"]!["id"]!.GetValue<string>();
        Assert.Equal(7, body["mass"]!["count"]!.GetValue<int>());
        // The request did one chunk, not the whole segment.
        Assert.Equal(2, body["tally"]!["total"]!.GetValue<int>());
        List<CareMessage> Sent() => w.Sms.All.Where(m => m.Key.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, Sent().Count);

        // The next sweep crashes while queuing the second chunk's SMS: that chunk stays to do.
        var calls = 0;
        w.Sms.FailOnce = m => m.Key.Contains(id, StringComparison.Ordinal) && Interlocked.Increment(ref calls) == 1;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.SweepAsync();
        Assert.True(Sent().Count < 7);
        Assert.Contains(await w.App.Services.GetRequiredService<CheckInStore>().DueAsync(app.Clock.GetUtcNow(), CancellationToken.None), d => d.Kind == DueItem.Mass && d.Ref == id);

        // The sweep after continues where it stopped; once finished, further sweeps change nothing.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.SweepAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.SweepAsync();
        Assert.Equal(7, Sent().Count);
        foreach (var phone in phones) Assert.Single(Sent(), m => m.To == phone);
        var tally = (await (await admin.GetAsync($"/api/checkins/mass/{id}")).JsonAsync())["tally"]!;
        Assert.Equal(7, tally["total"]!.GetValue<int>());
        Assert.Equal(7, tally["notYet"]!.GetValue<int>());
        Assert.DoesNotContain(await w.App.Services.GetRequiredService<CheckInStore>().DueAsync(app.Clock.GetUtcNow(), CancellationToken.None), d => d.Kind == DueItem.Mass);
    }
}
