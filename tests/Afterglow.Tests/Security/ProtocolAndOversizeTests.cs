using System.Net.Http.Headers;
using System.Text;
using Afterglow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Afterglow.Tests.Security;

/// <summary>
/// What the HTTP layer refuses is problem details too (404 for an unknown /api path, 405, 415, 413), and an
/// oversized or malformed input in any endpoint family (JSON bodies, query strings, route ids, headers, forms,
/// uploads, imports, events) is a 4xx problem, never a 500.
/// </summary>
public class ProtocolAndOversizeTests(AppFactory app, ITestOutputHelper output) : AppTests(app)
{
    [Fact]
    public async Task Every_refusal_is_a_4xx_problem_and_oversize_is_413_or_400()
    {
        var wrong = new List<string>();
        var ran = 0;
        var admin = await App.AdminAsync();
        var id = (await (await admin.PostAsync("/api/retirees", SecurityClients.Json("""{"name":"探","birthDate":"1950-01-01","mobile":"13800139911"}"""))).JsonAsync())["id"]!.GetValue<string>();
        // Inputs that must be refused: a 4xx (exactly the given one, where given) as problem details.
        async Task Refused(string what, HttpRequestMessage r, int? exactly = null)
        {
            ran++;
            var resp = await admin.SendAsync(r);
            var status = (int)resp.StatusCode;
            var type = resp.Content.Headers.ContentType?.MediaType;
            var body = await resp.Content.ReadAsStringAsync();
            output.WriteLine($"{what}: {status} {type} {(body.Length > 160 ? body[..160] : body)}");
            if (status is < 400 or > 499 || (exactly is { } e && status != e) || type != "application/problem+json")
                wrong.Add($"{what}: {status} {type}{(exactly is { } x ? $", expected {x}" : "")}");
        }
        // Inputs that may be answered (a long header the app does not read), but never with a 5xx.
        async Task NeverFails(string what, HttpRequestMessage r)
        {
            ran++;
            var resp = await admin.SendAsync(r);
            output.WriteLine($"{what}: {(int)resp.StatusCode} {resp.Content.Headers.ContentType?.MediaType}");
            if ((int)resp.StatusCode >= 500) wrong.Add($"{what}: {(int)resp.StatusCode}");
        }
        HttpRequestMessage R(string m, string url, HttpContent? c = null) => new(new HttpMethod(m), url) { Content = c };
        await Refused("404 api", R("GET", "/api/nothing"), 404);
        await Refused("404 deep api", R("POST", "/api/nothing/x/y", SecurityClients.Json("{}")), 404);
        await Refused("405", R("GET", "/api/auth/login"), 405);
        await Refused("405 delete retiree", R("DELETE", $"/api/retirees/{id}"), 405);
        await Refused("415", R("POST", "/api/retirees", new StringContent("name=x", Encoding.UTF8, "text/plain")), 415);
        await Refused("415 no type", R("POST", "/api/people", new ByteArrayContent(Encoding.UTF8.GetBytes("{}"))), 415);
        await Refused("413 json", R("POST", "/api/retirees", SecurityClients.Json("{\"name\":\"" + new string('a', 2_000_000) + "\"}")), 413);
        var chunked = new StringContent("{\"name\":\"" + new string('a', 2_000_000) + "\"}", Encoding.UTF8, "application/json");
        chunked.Headers.ContentLength = null;
        var cr = R("POST", "/api/people", chunked); cr.Headers.TransferEncodingChunked = true;
        // Kestrel stops a chunked body at the endpoint's limit (413); the test server has no such limit, so the validator's 400 answers.
        await Refused("chunked 2 MB", cr);
        await Refused("deep nesting", R("POST", "/api/people", SecurityClients.Json(new string('[', 5000) + new string(']', 5000))));
        await Refused("deep nesting obj", R("POST", "/api/retirees", SecurityClients.Json("{\"name\":" + string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3001))));
        await Refused("long query", R("GET", "/api/retirees?q=" + new string('x', 100_000)), 414);
        await Refused("long query audit", R("GET", "/api/audit/?from=" + new string('x', 50_000)), 414);
        await Refused("long query msgs", R("GET", "/api/messages?max=" + new string('9', 5000)), 414);
        await Refused("long query inbox", R("GET", "/api/messages/inbox?status=" + new string('9', 5000)), 414);
        await Refused("long query visits", R("GET", "/api/visits/?from=" + new string('9', 5000) + "&to=2026-01-01"), 414);
        await Refused("long query checkins", R("GET", "/api/checkins?date=" + new string('9', 5000)), 414);
        await Refused("long query incidents", R("GET", "/api/incidents?status=" + new string('9', 5000)), 414);
        await Refused("long id", R("GET", "/api/retirees/" + new string('x', 5000)));
        await Refused("long id people", R("GET", "/api/people/" + new string('x', 5000)));
        await Refused("long id bc", R("GET", "/api/broadcasts/" + new string('x', 5000)));
        await Refused("long id inc", R("GET", "/api/incidents/" + new string('x', 5000)));
        await Refused("long id inbox", R("POST", "/api/messages/inbox/" + new string('x', 5000) + "/handled", SecurityClients.Json("{}")));
        await Refused("long id att", R("GET", $"/api/retirees/{id}/attachments/" + new string('x', 5000)));
        await Refused("long id acct", R("PUT", "/api/accounts/" + new string('x', 5000) + "@x.org", SecurityClients.Json("{}")));
        await Refused("traversal att", R("GET", $"/api/retirees/{id}/attachments/..%2F..%2Fx"));
        await Refused("traversal att2", R("GET", $"/api/retirees/%2e%2e/attachments/x"));
        await Refused("slash in id", R("GET", $"/api/retirees/a%2Fb"));
        await Refused("ctrl in id people", R("GET", $"/api/people/a%0Db"));
        await Refused("quote in id", R("GET", $"/api/people/a'b"));
        var longHeader = R("GET", "/api/me"); longHeader.Headers.Add("X-Long", new string('a', 100_000));
        await NeverFails("long header", longHeader);
        var longXff = R("GET", "/api/me"); longXff.Headers.Add("X-Forwarded-For", string.Join(",", Enumerable.Repeat("1.2.3.4", 5000)));
        await NeverFails("long xff", longXff);
        var longXsrf = R("POST", "/api/people", SecurityClients.Json("{}")); longXsrf.Headers.Remove("X-XSRF-TOKEN"); longXsrf.Headers.Add("X-XSRF-TOKEN", new string('a', 100_000));
        await Refused("long xsrf", longXsrf);
        var badXsrf = R("POST", "/api/people", SecurityClients.Json("{}")); badXsrf.Headers.Remove("X-XSRF-TOKEN"); badXsrf.Headers.Add("X-XSRF-TOKEN", "!!!%%%");
        await Refused("bad xsrf", badXsrf);
        await Refused("dup keys", R("POST", "/api/people", SecurityClients.Json("""{"name":"甲","name":"乙","phone":"13900139555","role":"staff"}""")));
        await Refused("num as string", R("POST", "/api/messages/estimate", SecurityClients.Json("""{"text":"hi","count":"5"}""")));
        await Refused("multipart many fields", R("POST", $"/api/retirees/{id}/attachments/", ManyFields(3000)));
        await Refused("multipart huge header", R("POST", $"/api/retirees/{id}/attachments/", HugePartHeader()));
        await Refused("multipart broken", R("POST", $"/api/retirees/{id}/attachments/", Broken()));
        await Refused("multipart 12MB", R("POST", $"/api/retirees/{id}/attachments/", Big(12 * 1024 * 1024)), 413);
        await Refused("form urlencoded many", R("POST", $"/api/retirees/{id}/attachments/", new StringContent(string.Join("&", Enumerable.Range(0, 3000).Select(i => $"k{i}=v")), Encoding.UTF8, "application/x-www-form-urlencoded")));
        await Refused("import 12MB", R("POST", "/api/retirees/import", new StringContent(new string('a', 12 * 1024 * 1024), Encoding.UTF8, "text/csv")), 413);
        await Refused("import many fields", R("POST", "/api/retirees/import", ManyFields(3000)));
        await Refused("import broken mp", R("POST", "/api/retirees/import", Broken()));
        await Refused("login huge email", R("POST", "/api/auth/login", SecurityClients.Json("{\"email\":\"" + new string('a', 500_000) + "@x.org\",\"password\":\"" + new string('b', 400_000) + "\"}")));
        await Refused("login bad json", R("POST", "/api/auth/login", SecurityClients.Json("{\"email\":")));
        await Refused("event huge", R("POST", "/SmsReceived", SecurityClients.Json("{\"Data\":{\"event\":\"" + new string('a', 900_000) + "\"}}")));
        await Refused("event array", R("POST", "/SmsReceived", SecurityClients.Json("[1,2,3]")));
        await Refused("event nested", R("POST", "/SmsEvents", SecurityClients.Json(new string('[', 5000) + new string(']', 5000))));
        await Refused("event deep", R("POST", "/SmsDeliveryReport", SecurityClients.Json("{\"Data\":" + string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3001) + "}")));
        output.WriteLine($"Protocol and oversize: ran {ran} cases; {wrong.Count} wrong.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Refusals_of_who_the_caller_is_are_problems_too()
    {
        var (volunteer, _) = await App.SignInAsAsync("volunteer");
        var admin = await App.AdminAsync();
        var others = (await (await admin.PostAsync("/api/retirees", SecurityClients.Json("""{"name":"别人","birthDate":"1950-01-01","mobile":"13800139912"}"""))).JsonAsync())["id"]!.GetValue<string>();
        foreach (var (what, response, status) in new (string, HttpResponseMessage, int)[]
        {
            ("anonymous", await App.Anonymous().GetAsync("/api/me"), 401),
            ("volunteer on an admin route", await volunteer.GetAsync("/api/accounts/"), 403),
            ("volunteer on another's retiree", await volunteer.GetAsync($"/api/retirees/{others}"), 404),
            ("anonymous on an unknown path outside /api (deny by default)", await App.Anonymous().GetAsync("/nothing-here"), 401),
        })
        {
            Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {response.Content.Headers.ContentType}");
        }
    }

    private static MultipartFormDataContent ManyFields(int n)
    {
        var m = new MultipartFormDataContent();
        for (var i = 0; i < n; i++) m.Add(new StringContent("v"), $"k{i}");
        return m;
    }

    private static HttpContent HugePartHeader()
    {
        var body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + new string('a', 40_000) + ".png\"\r\n\r\nxx\r\n--b--\r\n";
        var c = new StringContent(body); c.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        return c;
    }

    private static HttpContent Broken()
    {
        var c = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nxxxx");
        c.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        return c;
    }

    private static MultipartFormDataContent Big(int n)
    {
        var m = new MultipartFormDataContent();
        var f = new ByteArrayContent(new byte[n]); f.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        m.Add(f, "file", "a.png");
        return m;
    }
}
