using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Afterglow.Tests.Security;

/// <summary>
/// Every bad input in the corpus is a 4xx answered as application/problem+json (naming the field where it is a
/// JSON field) and leaves the registry, people, accounts, areas, attachments and the SMS inbox as they were.
/// </summary>
public class BadInputCorpusTests(AppFactory app, ITestOutputHelper output) : AppTests(app)
{
    [Fact]
    public async Task Every_bad_input_is_a_4xx_problem_and_stores_nothing()
    {
        var admin = await App.AdminAsync();
        var target = (await (await admin.PostAsJsonAsync("/api/retirees", new { name = "语料", birthDate = "1950-01-01", mobile = "13800139998" })).JsonAsync())["id"]!.GetValue<string>();
        var cases = BadInputCorpus.All().ToList();
        var wrong = new List<string>();
        var before = await SnapshotAsync(admin, target);
        foreach (var c in cases)
        {
            var response = await admin.SendAsync(c.Make(target));
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            var text = await response.Content.ReadAsStringAsync();
            if (status is < 400 or > 499) wrong.Add($"[{c.Category}] {c.Name}: {status} {Trim(text)}");
            else if (type != "application/problem+json") wrong.Add($"[{c.Category}] {c.Name}: {status} as {type}");
            else if (c.Field is { } field && !NamesField(text, field)) wrong.Add($"[{c.Category}] {c.Name}: {status} does not name {field}: {Trim(text)}");
            var after = await SnapshotAsync(admin, target);
            if (after != before) { wrong.Add($"[{c.Category}] {c.Name}: stored something ({before} → {after})"); before = after; }
        }
        var summary = string.Join(", ", cases.GroupBy(c => c.Category).Select(g => $"{g.Key} {g.Count()}"));
        output.WriteLine($"Bad-input corpus: ran {cases.Count} cases ({summary}); {wrong.Count} wrong.");
        Console.WriteLine($"Bad-input corpus: ran {cases.Count} cases ({summary}); {wrong.Count} wrong.");
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} wrong:\n" + string.Join("\n", wrong));
    }

    private static bool NamesField(string problem, string field)
    {
        var errors = JsonNode.Parse(problem)?["errors"]?.AsObject();
        return errors is not null && errors.Any(kv => kv.Key == field || kv.Key.StartsWith(field + "[", StringComparison.Ordinal) || kv.Key.StartsWith(field + ".", StringComparison.Ordinal));
    }

    private static string Trim(string s) => s.Length > 200 ? s[..200] : s;

    private static async Task<string> SnapshotAsync(HttpClient admin, string target)
    {
        var retirees = (await (await admin.GetAsync("/api/retirees?pageSize=1")).JsonAsync())["total"]!.GetValue<int>();
        var people = (await (await admin.GetAsync("/api/people")).JsonArrayAsync()).Count;
        var accounts = (await (await admin.GetAsync("/api/accounts/")).JsonArrayAsync()).Count;
        var areas = (await (await admin.GetAsync("/api/areas")).JsonArrayAsync()).Count;
        var attachments = (await (await admin.GetAsync($"/api/retirees/{target}/attachments/")).JsonArrayAsync()).Count;
        var inbox = (await (await admin.GetAsync("/api/messages/inbox?status=all&max=500")).JsonArrayAsync()).Count;
        return $"retirees {retirees}, people {people}, accounts {accounts}, areas {areas}, attachments {attachments}, inbox {inbox}";
    }
}
