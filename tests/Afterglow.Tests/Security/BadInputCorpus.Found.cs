using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Afterglow.Tests.Security;

/// <summary>
/// Cases the issue did not list, found by attacking the app: a name given twice, numbers and booleans as text,
/// confusable and non-ASCII emails, broken Unicode, oversized bodies on every endpoint family, broken and
/// over-limit forms, attachment ids that try to walk the container, and the HTTP layer's own refusals.
/// </summary>
public static partial class BadInputCorpus
{
    private static IEnumerable<BadInput> Found()
    {
        // A name given twice: refused, not "the last one wins" (another parser in front could read the first).
        yield return new("json", "retiree name twice", _ => Raw(HttpMethod.Post, "/api/retirees", """{"name":"甲","name":"乙","birthDate":"1950-01-01","mobile":"13800139999"}""", "application/json"), "name");
        yield return new("json", "person phone twice", _ => Raw(HttpMethod.Post, "/api/people", """{"name":"人","phone":"13900139999","phone":"abc","role":"volunteer"}""", "application/json"), "phone");
        yield return new("json", "account role twice", _ => Raw(HttpMethod.Post, "/api/accounts", """{"email":"two@test.local","displayName":"T","role":"coordinator","role":"admin","password":"a-long-fresh-passphrase"}""", "application/json"), "role");
        yield return new("json", "area name twice", _ => Raw(HttpMethod.Put, "/api/areas/dup", """{"name":"东区","name":"西区"}""", "application/json"), "name");

        yield return new("event-grid", "envelope with Data twice", _ => Raw(HttpMethod.Post, "/SmsReceived", """{"Data":{},"Data":{"event":{}},"Metadata":{}}""", "application/json"));
        yield return new("event-grid", "event with its message twice", _ => Raw(HttpMethod.Post, "/SmsReceived",
            """{"Data":{"event":{"id":"d1","subject":"/phonenumber/x","eventType":"Microsoft.Communication.SMSReceived","eventTime":"2026-11-23T01:00:00Z","dataVersion":"1.0","data":{"MessageId":"Incoming_dup","From":"8613800139999","From":"8613800138000","To":"18005550100","Message":"好","ReceivedTimestamp":"2026-11-23T01:00:00Z"}}},"Metadata":{}}""", "application/json"));

        // Numbers and booleans as text: a JSON number is a number.
        yield return new("json", "visit amount as text", r => Raw(HttpMethod.Post, $"/api/retirees/{r}/visits", """{"date":"2026-11-20","kind":"home","amount":"200"}""", "application/json"), "amount");
        yield return new("json", "care plan window as text", r => Raw(HttpMethod.Put, $"/api/careplans/{r}", """{"cadence":"daily","at":"09:00","answerWindowMinutes":"120"}""", "application/json"), "answerWindowMinutes");
        yield return new("json", "mass check-in window as text", _ => Raw(HttpMethod.Post, "/api/checkins/mass", """{"reason":"台风","filter":{},"windowMinutes":"60"}""", "application/json"), "windowMinutes");
        yield return new("json", "person active as text", _ => Json(HttpMethod.Post, "/api/people", With(Person, "active", "true")), "active");
        yield return new("json", "retiree living alone as a number", _ => Json(HttpMethod.Post, "/api/retirees", With(Retiree, "childless", 1)), "childless");

        // Emails that look like others (Cyrillic а, fullwidth, the Kelvin sign that lower-cases to k).
        foreach (var e in new[] { "\u0430dmin@test.local", "ａ@b.cn", "\u212Aate@b.cn", "a@b\u3002cn", "a@xn--.cn" })
            yield return new("json", $"account email {Short(e)}", _ => Json(HttpMethod.Post, "/api/accounts", With(Account, "email", e)), "email");

        // Broken Unicode: a lone surrogate, bytes that are not UTF-8.
        yield return new("json", "person name lone surrogate", _ => Raw(HttpMethod.Post, "/api/people", """{"name":"\ud800","phone":"13900139999","role":"volunteer"}""", "application/json"));
        yield return new("json", "person body not UTF-8", _ => Bytes(HttpMethod.Post, "/api/people", [0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], "application/json"));

        // Oversized bodies in every endpoint family: 413 before anything reads them.
        var twoMb = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        foreach (var (method, url) in new (HttpMethod, string)[]
        {
            (HttpMethod.Post, "/api/people"), (HttpMethod.Post, "/api/accounts"), (HttpMethod.Post, "/api/auth/login"), (HttpMethod.Put, "/api/areas/big"),
            (HttpMethod.Post, "/api/broadcasts"), (HttpMethod.Post, "/api/segments"), (HttpMethod.Post, "/api/checkins/mass"), (HttpMethod.Put, "/api/roster"),
            (HttpMethod.Post, "/api/messages/estimate"), (HttpMethod.Post, "/SmsReceived"), (HttpMethod.Post, "/SmsEvents"), (HttpMethod.Post, "/SmsDeliveryReport"),
        })
            yield return new("oversize", $"2 MB to {method} {url}", _ => Raw(method, url, twoMb, "application/json"));
        yield return new("oversize", "2 MB to a retiree's visits", r => Raw(HttpMethod.Post, $"/api/retirees/{r}/visits", twoMb, "application/json"));
        yield return new("oversize", "2 MB to a care plan", r => Raw(HttpMethod.Put, $"/api/careplans/{r}", twoMb, "application/json"));
        yield return new("oversize", "nesting 5,000 deep", _ => Raw(HttpMethod.Post, "/api/people", new string('[', 5000) + new string(']', 5000), "application/json"));
        yield return new("oversize", "event nested 5,000 deep", _ => Raw(HttpMethod.Post, "/SmsEvents", new string('[', 5000) + new string(']', 5000), "application/json"));

        // Forms: over the readers' limits, broken, or not multipart.
        yield return new("attachment", "3,000 form fields", r => new HttpRequestMessage(HttpMethod.Post, $"/api/retirees/{r}/attachments/") { Content = ManyFields(3000) });
        yield return new("attachment", "part header of 40,000 characters", r => Multipart($"/api/retirees/{r}/attachments/",
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + new string('a', 40_000) + ".png\"\r\n\r\nxx\r\n--b--\r\n"));
        yield return new("attachment", "multipart cut off", r => Multipart($"/api/retirees/{r}/attachments/", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nxxxx"));
        yield return new("attachment", "url-encoded form", r => Raw(HttpMethod.Post, $"/api/retirees/{r}/attachments/", "file=iVBORw0KGgo", "application/x-www-form-urlencoded"));
        yield return new("csv", "import with 3,000 form fields", _ => new HttpRequestMessage(HttpMethod.Post, "/api/retirees/import?dryRun=false") { Content = ManyFields(3000) });
        yield return new("csv", "import multipart cut off", _ => Multipart("/api/retirees/import?dryRun=false", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n姓名,出生日期"));

        // Attachment ids that try to leave the retiree's folder, or are no id at all.
        foreach (var id in new[] { "%2E%2E", "..%2F..%2Fr1%2Fx", "20261122020000-0123456789abcde%2F..", new string('2', 3000) })
            yield return new("route-id", $"delete attachment {Short(id)}", r => new HttpRequestMessage(HttpMethod.Delete, $"/api/retirees/{r}/attachments/{id}"));

        // The HTTP layer's refusals are problems too.
        yield return new("http", "unknown /api path", _ => Raw(HttpMethod.Post, "/api/nothing/here", "{}", "application/json"));
        yield return new("http", "method not allowed", r => new HttpRequestMessage(HttpMethod.Delete, $"/api/retirees/{r}"));
        yield return new("http", "text/plain to people", _ => Raw(HttpMethod.Post, "/api/people", "{\"name\":\"甲\"}", "text/plain"));
        yield return new("http", "XML to accounts", _ => Raw(HttpMethod.Post, "/api/accounts", "<account/>", "application/xml"));
    }

    private static MultipartFormDataContent ManyFields(int n)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < n; i++) form.Add(new StringContent("v"), $"k{i}");
        return form;
    }

    private static HttpRequestMessage Multipart(string url, string body)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
    }

    private static HttpRequestMessage Bytes(HttpMethod method, string url, byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new HttpRequestMessage(method, url) { Content = content };
    }
}
