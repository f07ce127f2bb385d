using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Hosting;

/// <summary>Two instances of the app on one storage account, as Azure runs it when it scales out.</summary>
public class TwoInstancesTests
{
    private sealed class Instance(string prefix) : AppFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Storage:Prefix"] = prefix };
    }

    [Fact]
    public async Task A_session_from_one_instance_is_valid_on_the_other_and_a_new_retiree_shows_up_there()
    {
        var prefix = "two" + Guid.NewGuid().ToString("N")[..8];
        await using var a = new Instance(prefix);
        await using var b = new Instance(prefix);

        var onA = await a.AdminAsync();
        var created = await onA.PostAsJsonAsync("/api/retirees", new { name = "两实例", birthDate = "1940-01-01", mobile = "13800138500" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // The same cookies, sent to the other instance: data-protection keys are shared through Blob Storage.
        var cookies = created.RequestMessage!.Headers.GetValues("Cookie").Single();
        var onB = b.Anonymous();
        onB.DefaultRequestHeaders.Add("Cookie", cookies);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/me")).StatusCode);

        // B learns of A's write from the registry change feed (read at most once a second).
        var seen = false;
        for (var i = 0; i < 30 && !seen; i++)
        {
            b.Clock.Advance(TimeSpan.FromSeconds(2));
            var page = await (await onB.GetAsync("/api/retirees?q=" + Uri.EscapeDataString("两实例"))).JsonAsync();
            seen = page["total"]!.GetValue<int>() == 1;
            if (!seen) await Task.Delay(100);
        }
        Assert.True(seen, "Instance B never saw the retiree instance A registered.");
    }
}
