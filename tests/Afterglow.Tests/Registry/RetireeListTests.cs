using System.Net;
using System.Net.Http.Json;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Registry;

public class RetireeListTests(AppFactory app) : AppTests(app), IAsyncLifetime
{
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await App.AdminAsync();
        if ((await (await _admin.GetAsync("/api/retirees?q=欧阳")).JsonAsync())["total"]!.GetValue<int>() > 0) return;
        var people = new object[]
        {
            new { name = "欧阳明华", birthDate = "1936-02-02", mobile = "13911112222", living = "alone", unit = "物理系", city = "武汉", idNumber = "420100193602020015" },
            new { name = "陈明", birthDate = "1955-06-06", mobile = "13911113333", unit = "化学系", city = "武汉", partyBranch = "第一支部" },
            new { name = "刘红", birthDate = "1944-07-07", mobile = "13911114444", unit = "物理系", city = "深圳", livesElsewhere = true },
        };
        foreach (var p in people) (await _admin.PostAsJsonAsync("/api/retirees", p)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> NamesAsync(string query)
    {
        var page = await (await _admin.GetAsync("/api/retirees?" + query)).JsonAsync();
        return page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Searches_by_chinese_substring_phone_digits_and_id_number()
    {
        Assert.Equal(["欧阳明华"], await NamesAsync("q=" + Uri.EscapeDataString("阳明")));
        Assert.Equal(["陈明"], await NamesAsync("q=1113333"));
        Assert.Equal(["欧阳明华"], await NamesAsync("q=420100193602"));
        Assert.Equal(2, (await NamesAsync("q=" + Uri.EscapeDataString("明"))).Count);
    }

    [Fact]
    public async Task Filters_combine()
    {
        Assert.Equal(["刘红", "欧阳明华"], (await NamesAsync("unit=" + Uri.EscapeDataString("物理系"))).Order().ToList());
        Assert.Equal(["欧阳明华"], await NamesAsync("livesAlone=true&ageBand=from90"));
        Assert.Equal(["刘红"], await NamesAsync("livesElsewhere=true"));
        Assert.Equal(["陈明"], await NamesAsync("branch=" + Uri.EscapeDataString("第一支部") + "&city=" + Uri.EscapeDataString("武汉")));
        Assert.Equal(["欧阳明华"], await NamesAsync("tier=critical"));
        Assert.Equal(["刘红"], await NamesAsync("tier=elevated"));
    }

    [Fact]
    public async Task Pages_and_reports_the_total()
    {
        var first = await (await _admin.GetAsync("/api/retirees?pageSize=2&page=1")).JsonAsync();
        var second = await (await _admin.GetAsync("/api/retirees?pageSize=2&page=2")).JsonAsync();
        Assert.Equal(3, first["total"]!.GetValue<int>());
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Single(second["items"]!.AsArray());
    }

    [Theory]
    [InlineData("tier=purple", "tier")]
    [InlineData("livesAlone=maybe", "livesAlone")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Bad_filters_name_the_parameter(string query, string field)
    {
        var response = await _admin.GetAsync("/api/retirees?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field));
    }
}
