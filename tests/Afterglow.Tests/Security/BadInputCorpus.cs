using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Afterglow.Tests.Security;

/// <summary>One bad input: what to send, and the field the problem must name when it is a JSON field.</summary>
public sealed record BadInput(string Category, string Name, Func<string, HttpRequestMessage> Make, string? Field = null);

/// <summary>
/// Bad inputs across every way data comes in: JSON bodies (retirees, people, accounts, sign-in, areas), CSV
/// imports, Event Grid invocations, phone numbers, resident ID numbers, route ids and attachments.
/// Make gets the id of an existing retiree (for routes under one).
/// </summary>
public static partial class BadInputCorpus
{
    private static readonly JsonObject Retiree = new() { ["name"] = "基准", ["birthDate"] = "1950-01-01", ["mobile"] = "13800139999" };
    private static readonly JsonObject Person = new() { ["name"] = "人员", ["phone"] = "13900139999", ["role"] = "volunteer" };
    private static readonly JsonObject Account = new() { ["email"] = "new.person@test.local", ["displayName"] = "New", ["role"] = "coordinator", ["password"] = "a-long-fresh-passphrase" };

    public static readonly string[] BadMobiles =
    [
        "027-87654321", "010 6552 9988", "1380013800O", "138OO138000", "+86 138 0013 800a", "12345", "1" + new string('3', 40),
        "+999 1234 5678", "tel:13800138000", "13800138000;ext=1", "１３８ＡＢＣ０００", "95588", "13800138000\u202E", "138-0013-8000 x12", "+86+13800138000",
    ];

    public static readonly string[] BadIdNumbers =
    [
        Corrupt(ResidentIds.Make("420105", new(1950, 1, 1), 123)),   // check character wrong
        WithCheck("42010519500230123"),                                // 30 February
        WithCheck("42010520900101123"),                                // born in 2090
        ResidentIds.Make("420105", new(1944, 3, 1), 123),              // a real number, another birth date
        WithCheck("00000019500101123"),                                // no region
        "42010519500101123", "4201051950010112", "4201051950010112345", "ABC-123", new string('A', 33), "4201051950\u202E0101123X",
    ];

    private static string Corrupt(string id) => id[..^1] + (id[^1] == '0' ? '1' : '0');
    private static string WithCheck(string body17)
    {
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        return body17 + "10X98765432"[body17.Select((c, i) => (c - '0') * w[i]).Sum() % 11];
    }

    public static readonly string[] HiddenText = ["A\u202Eb", "A\u2066b", "A\u200Fb", "A\u0007b", "A\u0000b", "A\u001Bb", "A\u2028b", "A\uFEFFb"];

    public static IEnumerable<BadInput> All()
    {
        // --- JSON: a retiree
        foreach (var (field, value) in RetireeFields())
            yield return new("json", $"retiree {field}={Short(value)}", _ => Json(HttpMethod.Post, "/api/retirees", With(Retiree, field, value)), field == "status" ? "deceasedOn" : field);
        foreach (var m in BadMobiles)
        {
            yield return new("phone", $"retiree mobile {m}", _ => Json(HttpMethod.Post, "/api/retirees", With(Retiree, "mobile", m)), "mobile");
            yield return new("phone", $"emergency contact {m}", _ => Json(HttpMethod.Post, "/api/retirees",
                With(Retiree, "emergencyContacts", new JsonArray(new JsonObject { ["name"] = "女儿", ["phone"] = m }))), "emergencyContacts");
            yield return new("phone", $"person phone {m}", _ => Json(HttpMethod.Post, "/api/people", With(Person, "phone", m)), "phone");
        }
        foreach (var l in new[] { "13800138000", "abc", "12", "027-8765432X", "95588" })
            yield return new("phone", $"landline {l}", _ => Json(HttpMethod.Post, "/api/retirees", With(Retiree, "landline", l)), "landline");
        foreach (var id in BadIdNumbers)
            yield return new("id-number", $"idNumber {Short(id)}", _ => Json(HttpMethod.Post, "/api/retirees", With(Retiree, "idNumber", id)), "idNumber");
        foreach (var (name, body) in Structural())
            yield return new("json", $"retiree body {name}", _ => Raw(HttpMethod.Post, "/api/retirees", body.Text, body.Type));
        yield return new("json", "retiree update without If-Match", r => Json(HttpMethod.Put, $"/api/retirees/{r}", Retiree));

        // --- JSON: people, accounts, sign-in, areas
        foreach (var (field, value) in PersonFields())
            yield return new("json", $"person {field}={Short(value)}", _ => Json(HttpMethod.Post, "/api/people", With(Person, field, value)), field.Split('[')[0]);
        foreach (var (field, value) in AccountFields())
            yield return new("json", $"account {field}={Short(value)}", _ => Json(HttpMethod.Post, "/api/accounts", With(Account, field, value)), field);
        yield return new("json", "account without personId as volunteer", _ => Json(HttpMethod.Post, "/api/accounts", With(Account, "role", "volunteer")), "personId");
        yield return new("json", "account taken email (409)", _ => Json(HttpMethod.Post, "/api/accounts", With(Account, "email", Infrastructure.AppFactory.AdminEmail)), "email");
        foreach (var (name, login) in new (string, JsonNode)[]
        {
            ("empty", new JsonObject()), ("no password", new JsonObject { ["email"] = "a@b.cn" }), ("huge email", new JsonObject { ["email"] = new string('a', 300) + "@b.cn", ["password"] = "x" }),
            ("huge password", new JsonObject { ["email"] = "a@b.cn", ["password"] = new string('x', 5000) }), ("array", new JsonArray()), ("bidi email", new JsonObject { ["email"] = "a\u202E@b.cn", ["password"] = "x" }),
        })
            yield return new("json", $"sign-in {name}", _ => Json(HttpMethod.Post, "/api/auth/login", login));
        foreach (var (id, body) in new (string, JsonObject)[]
        {
            ("bad id!", new JsonObject { ["name"] = "东区" }), ("east", new JsonObject { ["name"] = "" }), ("east", new JsonObject { ["name"] = "东\u202E区" }),
            ("east", new JsonObject { ["name"] = "东区", ["liaisonIds"] = new JsonArray("pnobody") }), (new string('a', 41), new JsonObject { ["name"] = "东区" }),
        })
            yield return new("json", $"area {Short(id)} {Short(body.ToJsonString())}", _ => Json(HttpMethod.Put, $"/api/areas/{Uri.EscapeDataString(id)}", body));

        // --- CSV imports (real, not dry runs: nothing may be written)
        const string header = "姓名,出生日期,手机,身份证号\n";
        foreach (var (name, csv) in new (string, string)[]
        {
            ("bad mobile", header + "甲,1950-01-01,1380013800O,\n"), ("landline as mobile", header + "甲,1950-01-01,027-87654321,\n"),
            ("future birth", header + "甲,2090-01-01,13800138000,\n"), ("no name", header + ",1950-01-01,13800138000,\n"),
            ("bidi name", header + "甲\u202E乙,1950-01-01,13800138000,\n"), ("control name", header + "甲\u0007,1950-01-01,13800138000,\n"),
            ("bad id check", header + $"甲,1950-01-01,13800138000,{BadIdNumbers[0]}\n"), ("id and birth disagree", header + $"甲,1950-01-01,13800138000,{BadIdNumbers[3]}\n"),
            ("not a date", header + "甲,someday,13800138000,\n"), ("header only", header), ("empty", ""), ("only blank lines", "\n\n\n"),
            ("binary", "\u0000\u0001\u0002PK\u0003\u0004"), ("unknown columns only", "foo,bar\n1,2\n"), ("long name", header + new string('名', 200) + ",1950-01-01,13800138000,\n"),
        })
            yield return new("csv", $"import {name}", _ => Raw(HttpMethod.Post, "/api/retirees/import?dryRun=false", csv, "text/csv"));
        yield return new("csv", "import multipart without a file", _ => new HttpRequestMessage(HttpMethod.Post, "/api/retirees/import?dryRun=false") { Content = new MultipartFormDataContent { { new StringContent("x"), "notfile" } } });
        yield return new("csv", "import of 12 MB", _ => Raw(HttpMethod.Post, "/api/retirees/import?dryRun=false", header + new string('x', 12 * 1024 * 1024), "text/csv"));

        // --- Event Grid and provider events
        foreach (var (name, envelope) in Events())
            yield return new("event-grid", name.Split(':')[1], _ => Raw(HttpMethod.Post, "/" + name.Split(':')[0], envelope, "application/json"));

        // --- Phones in routes (the dev phone)
        foreach (var n in new[] { "abc", "1380013800O", "12", "027-87654321x", new string('1', 60) })
        {
            yield return new("phone", $"dev phone {Short(n)}", _ => new HttpRequestMessage(HttpMethod.Get, $"/api/dev/phone/{Uri.EscapeDataString(n)}"));
            yield return new("phone", $"dev phone reply {Short(n)}", _ => Json(HttpMethod.Post, $"/api/dev/phone/{Uri.EscapeDataString(n)}/reply", new JsonObject { ["text"] = "好" }));
        }

        // --- Ids in routes
        foreach (var id in new[] { new string('r', 2000), "..%2F..%2Fetc%2Fpasswd", "r%01x", "r'or'1'='1", "%E2%80%AE" })
        {
            yield return new("route-id", $"retiree {Short(id)}", _ => new HttpRequestMessage(HttpMethod.Get, $"/api/retirees/{id}"));
            yield return new("route-id", $"person {Short(id)}", _ => new HttpRequestMessage(HttpMethod.Get, $"/api/people/{id}"));
            yield return new("route-id", $"attachment {Short(id)}", r => new HttpRequestMessage(HttpMethod.Get, $"/api/retirees/{r}/attachments/{id}"));
        }

        // --- Attachments
        foreach (var row in AttachmentSecurityTests.Polyglots)
        {
            var (what, bytes) = ((string)row[0], (byte[])row[1]);
            yield return new("attachment", what, r => Upload(r, bytes, "scan.png"), "file");
        }
        foreach (var (what, bytes) in new (string, byte[])[]
        {
            ("empty", []), ("exe", "MZ\u0090\0\u0003"u8.ToArray()), ("gif", "GIF89a\u0001\0\u0001\0"u8.ToArray()), ("html", "<!doctype html><p>hi"u8.ToArray()),
            ("zip", "PK\u0003\u0004\u0014\0"u8.ToArray()), ("text", "just text"u8.ToArray()),
        })
            yield return new("attachment", what, r => Upload(r, bytes, what + ".png"), "file");
        yield return new("attachment", "json instead of a form", r => Json(HttpMethod.Post, $"/api/retirees/{r}/attachments/", new JsonObject { ["file"] = "iVBOR" }));
        yield return new("attachment", "form without the file field", r => new HttpRequestMessage(HttpMethod.Post, $"/api/retirees/{r}/attachments/") { Content = new MultipartFormDataContent { { new ByteArrayContent(AttachmentSecurityTests.Jpeg), "photo", "a.jpg" } } });
        yield return new("attachment", "11 MB", r => Upload(r, [.. AttachmentSecurityTests.Jpeg[..^2], .. new byte[11 * 1024 * 1024], 0xFF, 0xD9], "big.jpg"));
        yield return new("attachment", "name of 300 characters", r => Upload(r, AttachmentSecurityTests.Jpeg, new string('n', 300) + ".jpg"), "file");

        // --- Found by attacking it (AttackTests, ProtocolAndOversizeTests): BadInputCorpus.Found.cs
        foreach (var c in Found()) yield return c;
    }

    private static IEnumerable<(string, JsonNode?)> RetireeFields()
    {
        foreach (var t in HiddenText) { yield return ("name", t); yield return ("unit", t); yield return ("healthNotes", t.Replace("\u2028", "\u0007")); }
        yield return ("name", ""); yield return ("name", "   "); yield return ("name", new string('名', 51)); yield return ("name", "A\nB"); yield return ("name", 123); yield return ("name", new JsonArray()); yield return ("name", null);
        foreach (var d in new JsonNode?[] { "1850-01-01", "2099-01-01", "yesterday", "1950-13-01", "1950-02-30", 19500101, "", null })
            yield return ("birthDate", d);
        yield return ("mobile", ""); yield return ("mobile", null);
        yield return ("gender", "robot"); yield return ("language", "fr"); yield return ("living", "spaceship"); yield return ("smsConsent", "yes");
        yield return ("preferredCheckInTime", "25:00"); yield return ("status", "deceased"); yield return ("deceasedOn", "2020-01-01");
        yield return ("tierOverride", new JsonObject { ["tier"] = "high" }); yield return ("tierOverride", new JsonObject { ["tier"] = "high", ["reason"] = "因\u202E为" });
        yield return ("isAdmin", true);
        yield return ("children", new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["name"] = $"子{i}" }).ToArray()));
        yield return ("children", new JsonArray(new JsonObject { ["name"] = "子\u202E" }));
        yield return ("children", new JsonArray(new JsonObject { ["name"] = "子", ["phone"] = "abc" }));
        yield return ("emergencyContacts", new JsonArray(Enumerable.Range(0, 4).Select(i => (JsonNode)new JsonObject { ["name"] = $"联{i}", ["phone"] = $"1390013900{i}" }).ToArray()));
        yield return ("emergencyContacts", new JsonArray(new JsonObject { ["name"] = "联", ["phone"] = "027-87654321" }));
        yield return ("conditions", new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)$"病{i}").ToArray()));
        yield return ("conditions", new JsonArray("高\u202E血压")); yield return ("groups", new JsonArray(new string('g', 101)));
        yield return ("volunteerIds", new JsonArray("pnobody")); yield return ("healthNotes", new string('x', 2001)); yield return ("hobbies", "A\u0000");
        yield return ("address", new string('址', 201)); yield return ("address", "路\u202E号");
    }

    private static IEnumerable<(string, JsonNode?)> PersonFields()
    {
        yield return ("role", null); yield return ("role", "boss"); yield return ("role", 5);
        yield return ("name", ""); yield return ("name", "人\u202E员"); yield return ("name", "人\n员"); yield return ("name", new string('名', 51));
        yield return ("notes", new string('n', 1001)); yield return ("notes", "注\u202E"); yield return ("language", "de"); yield return ("phone", new JsonArray());
        yield return ("areas", new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)$"a{i}").ToArray())); yield return ("secret", "x");
    }

    private static IEnumerable<(string, JsonNode?)> AccountFields()
    {
        foreach (var e in new[] { "@", "a@", "@b.cn", "a@b", "a@@b.cn", "a b@c.cn", "a@b..cn", ".a@b.cn", new string('a', 250) + "@b.cn", "" })
            yield return ("email", e);
        foreach (var p in new[] { "short", "password1234", "123456789012", "qwertyuiop123", "new.person@test.local", new string('p', 201), "" })
            yield return ("password", p);
        yield return ("role", "root"); yield return ("role", null); yield return ("displayName", "N\u202Eew"); yield return ("displayName", new string('n', 101));
    }

    private static IEnumerable<(string, (string Text, string Type))> Structural()
    {
        yield return ("array", ("[]", "application/json")); yield return ("string", ("\"x\"", "application/json")); yield return ("number", ("42", "application/json"));
        yield return ("null", ("null", "application/json")); yield return ("truncated", ("{\"name\":", "application/json")); yield return ("empty", ("", "application/json"));
        yield return ("deeply nested", (string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), "application/json"));
        yield return ("2 MB", ("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}", "application/json"));
        yield return ("text/plain", ("{\"name\":\"甲\"}", "text/plain")); yield return ("trailing garbage", ("{\"name\":\"甲\"} x", "application/json"));
    }

    private static IEnumerable<(string, string)> Events()
    {
        static string Envelope(JsonObject e) => new JsonObject { ["Data"] = new JsonObject { ["event"] = e }, ["Metadata"] = new JsonObject() }.ToJsonString();
        static JsonObject Received(Action<JsonObject> change)
        {
            var data = new JsonObject { ["MessageId"] = $"Incoming_{Guid.NewGuid():N}", ["From"] = "8613800138000", ["To"] = "18005550100", ["Message"] = "好", ["ReceivedTimestamp"] = "2026-11-23T01:00:00Z" };
            change(data);
            return new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["subject"] = "/phonenumber/x", ["eventType"] = "Microsoft.Communication.SMSReceived", ["eventTime"] = "2026-11-23T01:00:00Z", ["dataVersion"] = "1.0", ["data"] = data };
        }
        static JsonObject Report(Action<JsonObject> change)
        {
            var data = new JsonObject { ["messageId"] = $"Outgoing_{Guid.NewGuid():N}", ["from"] = "18005550100", ["to"] = "8613800138000", ["deliveryStatus"] = "Delivered", ["receivedTimestamp"] = "2026-11-23T01:00:05Z" };
            change(data);
            return new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["subject"] = "/phonenumber/x", ["eventType"] = "Microsoft.Communication.SMSDeliveryReportReceived", ["eventTime"] = "2026-11-23T01:00:05Z", ["dataVersion"] = "1.0", ["data"] = data };
        }
        yield return ("SmsReceived:40,000-character message", Envelope(Received(d => d["Message"] = new string('好', 40_000))));
        yield return ("SmsReceived:2,000-character message id", Envelope(Received(d => d["MessageId"] = new string('m', 2000))));
        yield return ("SmsReceived:message id with a path", Envelope(Received(d => d["MessageId"] = "../../x")));
        yield return ("SmsReceived:message id with spaces", Envelope(Received(d => d["MessageId"] = "a b c")));
        yield return ("SmsReceived:50-character sender", Envelope(Received(d => d["From"] = new string('1', 50))));
        yield return ("SmsReceived:no message id", Envelope(Received(d => d.Remove("MessageId"))));
        yield return ("SmsReceived:no sender", Envelope(Received(d => d.Remove("From"))));
        yield return ("SmsReceived:no message", Envelope(Received(d => d.Remove("Message"))));
        yield return ("SmsReceived:another event type", Envelope(Received(_ => { }).Also(e => e["eventType"] = "Microsoft.Storage.BlobCreated")));
        yield return ("SmsReceived:no data", Envelope(Received(_ => { }).Also(e => e.Remove("data"))));
        yield return ("SmsReceived:no event", "{\"Data\":{},\"Metadata\":{}}");
        yield return ("SmsReceived:not JSON", "{\"Data\":");
        yield return ("SmsReceived:an array", "[]");
        yield return ("SmsReceived:event as a broken JSON string", "{\"Data\":{\"event\":\"{\\\"id\\\":\"}}");
        yield return ("SmsReceived:cloud event without type", Envelope(new JsonObject { ["specversion"] = "1.0", ["id"] = "x", ["source"] = "/x", ["data"] = new JsonObject() }));
        yield return ("SmsDeliveryReport:2,000-character message id", Envelope(Report(d => d["messageId"] = new string('m', 2000))));
        yield return ("SmsDeliveryReport:no status", Envelope(Report(d => d.Remove("deliveryStatus"))));
        yield return ("SmsDeliveryReport:300-character tag", Envelope(Report(d => d["tag"] = new string('t', 300))));
        yield return ("SmsDeliveryReport:huge details", Envelope(Report(d => d["deliveryStatusDetails"] = new string('d', 5000))));
        yield return ("SmsDeliveryReport:a received event", Envelope(Received(_ => { })));
    }

    private static JsonObject Also(this JsonObject o, Action<JsonObject> change) { change(o); return o; }

    private static JsonObject With(JsonObject body, string field, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        if (value is null && field is "role" or "mobile" or "name" && body.ContainsKey(field)) { copy.Remove(field); return copy; }
        copy[field] = value?.DeepClone();
        return copy;
    }

    private static HttpRequestMessage Json(HttpMethod method, string url, JsonNode body) => Raw(method, url, body.ToJsonString(), "application/json");

    private static HttpRequestMessage Raw(HttpMethod method, string url, string text, string type)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new HttpRequestMessage(method, url) { Content = content };
    }

    private static HttpRequestMessage Upload(string retireeId, byte[] bytes, string name)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new HttpRequestMessage(HttpMethod.Post, $"/api/retirees/{retireeId}/attachments/") { Content = new MultipartFormDataContent { { content, "file", name } } };
    }

    private static string Short(object? v)
    {
        var s = v switch { null => "null", JsonNode n => n.ToJsonString(), _ => v.ToString()! };
        s = new string(s.Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? '·' : c).ToArray());
        return s.Length > 40 ? s[..37] + "…" : s;
    }
}
