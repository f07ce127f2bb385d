using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Afterglow.App.Auth;
using Afterglow.Tests.Events;
using Afterglow.Tests.Infrastructure;
using ZXing;
using ZXing.Common;

namespace Afterglow.Tests.Printouts;

/// <summary>
/// Emergency cards and route lists at the HTTP boundary: what is printed, that the QR code (read back with ZXing,
/// not the library that drew it) holds exactly that text, medical notes only when asked, who may print whom, the
/// audit trail, field errors. The office's hotline is set in this class's own office.
/// </summary>
public partial class PrintoutsApiTests(AppFactory app) : AppTests(app)
{
    private async Task SetHotlineAsync(string? hotline)
    {
        var admin = await App.AdminAsync();
        var read = await admin.GetAsync("/api/office");
        var office = await read.JsonAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/office")
        {
            Content = JsonContent.Create(new { name = office["name"]!.GetValue<string>(), timeZone = office["timeZone"]!.GetValue<string>(), quietHours = office["quietHours"], hotline }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        var saved = await admin.SendAsync(put);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
    }

    private static object Health => new
    {
        emergencyContacts = new[] { new { name = "王明", relation = "儿子", phone = "13700137000" }, new { name = "王亮", relation = "女婿", phone = "13900139000" } },
        conditions = new[] { "高血压", "糖尿病" }, healthNotes = "青霉素过敏", address = "八一路299号3栋", landline = "027-87654321",
    };

    /// <summary>A valid ID number for EventWorld's birth date (1948-05-01), with its check character.</summary>
    private static string IdNumber()
    {
        var body = $"11010119480501{Random.Shared.Next(100, 999)}";
        var sum = body.Select((c, i) => (c - '0') * new[] { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    [Fact]
    public async Task A_card_prints_name_hotline_and_first_contact_and_its_code_holds_exactly_that()
    {
        await SetHotlineAsync("010-62751234");
        var w = new EventWorld(App);
        var (id, _) = await w.RetireeAsync("卡片老人", new { emergencyContacts = new[] { new { name = "王明", relation = "儿子", phone = "13700137000" }, new { name = "王亮", relation = "女婿", phone = "13900139000" } },
            conditions = new[] { "高血压", "糖尿病" }, healthNotes = "青霉素过敏", idNumber = IdNumber(), address = "八一路299号3栋", landline = "027-87654321" });
        var admin = await App.AdminAsync();

        var card = await OneCardAsync(admin, $"/api/printouts/cards?retireeId={id}");
        Assert.Equal("卡片老人", card["name"]!.GetValue<string>());
        Assert.Equal(new[] { "服务热线: 010-6275 1234", "紧急联系人: 王明（儿子）", "联系电话: 137 0013 7000" }, Lines(card));
        var text = Decode(card);
        Assert.Equal(string.Join('\n', new[] { card["title"]!.GetValue<string>(), "卡片老人" }.Concat(Lines(card))), text);
        // Nothing that is not printed: no id, no link, no ID number, address, landline or medical notes.
        foreach (var secret in new[] { id, "http", "/api", "110101", "八一路", "8765", "高血压", "青霉素" }) Assert.DoesNotContain(secret, text);

        var withNotes = await OneCardAsync(admin, $"/api/printouts/cards?retireeId={id}&medical=true&language=en");
        Assert.Equal("Medical notes: 高血压; 糖尿病; 青霉素过敏", Lines(withNotes)[^1]);
        Assert.Equal("Office hotline: 010-6275 1234", Lines(withNotes)[0]);
        Assert.EndsWith("\nMedical notes: 高血压; 糖尿病; 青霉素过敏", Decode(withNotes));
    }

    [Fact]
    public async Task Without_a_hotline_or_a_contact_the_card_says_only_what_is_known()
    {
        await SetHotlineAsync(null);
        var w = new EventWorld(App);
        var (id, _) = await w.RetireeAsync("无联系人");
        var card = await OneCardAsync(await App.AdminAsync(), $"/api/printouts/cards?retireeId={id}&medical=true");
        Assert.Empty(Lines(card));
        Assert.False(card["hasContact"]!.GetValue<bool>());
        Assert.Equal($"{card["title"]!.GetValue<string>()}\n无联系人", Decode(card));
    }

    [Fact]
    public async Task A_unit_prints_its_living_retirees_by_name_and_each_print_is_on_their_audit_trail()
    {
        var w = new EventWorld(App);
        var (b, _) = await w.RetireeAsync("乙老人", Health);
        var (a, _) = await w.RetireeAsync("甲老人", Health);
        var (gone, _) = await w.RetireeAsync("丙老人", Health);
        var admin = await App.AdminAsync();
        (await admin.PostAsJsonAsync($"/api/retirees/{gone}/archive", new { reason = "迁出" })).EnsureSuccessStatusCode();

        var sheet = await (await admin.GetAsync($"/api/printouts/cards?unit={Uri.EscapeDataString(w.Unit)}&medical=true")).JsonAsync();
        Assert.Equal(new[] { a, b }, sheet["cards"]!.AsArray().Select(c => c!["retireeId"]!.GetValue<string>()).ToArray());
        Assert.True(sheet["medical"]!.GetValue<bool>());

        var trail = await (await admin.GetAsync($"/api/audit/?retireeId={a}")).JsonArrayAsync();
        var printed = trail.Single(e => e!["action"]!.GetValue<string>() == "cards.print");
        Assert.Equal(AppFactory.AdminEmail, printed!["actor"]!.GetValue<string>());
        Assert.Contains("medical", printed["detail"]!.GetValue<string>());
        Assert.DoesNotContain((await (await admin.GetAsync($"/api/audit/?retireeId={gone}")).JsonArrayAsync()), e => e!["action"]!.GetValue<string>() == "cards.print");
    }

    [Fact]
    public async Task A_volunteer_prints_only_their_paired_retirees_cards_and_route()
    {
        var (volunteer, personId) = await App.SignInAsAsync(Roles.Volunteer);
        var w = new EventWorld(App);
        var (mine, _) = await w.RetireeAsync("我的老人", new { volunteerIds = new[] { personId }, address = "2号楼", area = "东区" });
        var (others, _) = await w.RetireeAsync("别人的老人", new { address = "1号楼", area = "东区" });

        Assert.Equal(new[] { mine }, await IdsAsync(volunteer, $"/api/printouts/cards?unit={Uri.EscapeDataString(w.Unit)}", "cards"));
        Assert.Empty(await IdsAsync(volunteer, $"/api/printouts/cards?retireeId={others}", "cards"));
        Assert.Equal(new[] { mine }, await IdsAsync(volunteer, "/api/printouts/route", "stops"));
        var admin = await App.AdminAsync();
        Assert.Equal(new[] { others, mine }, await IdsAsync(admin, $"/api/printouts/route?area=东区&unit={Uri.EscapeDataString(w.Unit)}", "stops"));
    }

    [Fact]
    public async Task A_route_goes_by_address_numbers_in_order_and_the_unaddressed_last()
    {
        var w = new EventWorld(App);
        var area = "片区" + Guid.NewGuid().ToString("N")[..6];
        var (none, _) = await w.RetireeAsync("无地址", new { area });
        var (twelve, _) = await w.RetireeAsync("十二栋", new { area, address = "幸福路12栋101", notes = "耳背，多敲门" });
        var (three, _) = await w.RetireeAsync("三栋", new { area, address = "幸福路3栋502", landline = "027-87654321" });
        var admin = await App.AdminAsync();
        var route = await (await admin.GetAsync($"/api/printouts/route?area={Uri.EscapeDataString(area)}")).JsonAsync();
        var stops = route["stops"]!.AsArray();
        Assert.Equal(new[] { three, twelve, none }, stops.Select(s => s!["retireeId"]!.GetValue<string>()).ToArray());
        Assert.Equal("耳背，多敲门", stops[1]!["notes"]!.GetValue<string>());
        Assert.Equal("+862787654321", stops[0]!["landline"]!.GetValue<string>());
        var trail = await (await admin.GetAsync($"/api/audit/?retireeId={three}")).JsonArrayAsync();
        Assert.Contains(trail, e => e!["action"]!.GetValue<string>() == "route.print");
    }

    [Theory]
    [InlineData("/api/printouts/cards", "filter")]
    [InlineData("/api/printouts/cards?unit=x&medical=yes", "medical")]
    [InlineData("/api/printouts/cards?unit=x&language=fr", "language")]
    [InlineData("/api/printouts/cards?segmentId=s404", "segmentId")]
    [InlineData("/api/printouts/cards?retireeId=../x", "retireeId")]
    [InlineData("/api/printouts/cards?tier=purple", "tier")]
    [InlineData("/api/printouts/route", "area")]
    public async Task Bad_input_is_a_field_error_and_nothing_is_printed(string url, string field)
    {
        var admin = await App.AdminAsync();
        var response = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_hotline_is_checked_stored_in_E164_and_can_be_cleared()
    {
        var admin = await App.AdminAsync();
        var read = await admin.GetAsync("/api/office");
        var office = await read.JsonAsync();
        var bad = new HttpRequestMessage(HttpMethod.Put, "/api/office")
        {
            Content = JsonContent.Create(new { name = "处", timeZone = "Asia/Shanghai", quietHours = office["quietHours"], hotline = "call us" }),
        };
        bad.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        var refused = await admin.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ErrorsAsync()).ContainsKey("hotline"));
        Assert.Equal(office["name"]!.GetValue<string>(), (await (await admin.GetAsync("/api/office")).JsonAsync())["name"]!.GetValue<string>());

        await SetHotlineAsync("０１０－６２７５１２３４");
        Assert.Equal("+861062751234", (await (await admin.GetAsync("/api/office")).JsonAsync())["hotline"]!.GetValue<string>());
        await SetHotlineAsync("");
        Assert.Null((await (await admin.GetAsync("/api/office")).JsonAsync())["hotline"]);
    }

    [Fact]
    public async Task The_printed_sign_in_sheet_is_the_exports_table_with_numbers_as_dialled()
    {
        var w = new EventWorld(App);
        var (b, bPhone) = await w.RetireeAsync("签到乙");
        var (a, _) = await w.RetireeAsync("签到甲");
        await w.RetireeAsync("签到丙");
        var (id, _) = await w.InvitedEventAsync(capacity: 10);
        var admin = await App.AdminAsync();
        foreach (var r in new[] { a, b }) (await admin.PostAsJsonAsync($"/api/events/{id}/attendees", new { retireeId = r, answer = "join" })).EnsureSuccessStatusCode();

        var table = await (await admin.GetAsync($"/api/events/{id}/export?list=signin&format=json")).JsonAsync();
        var csv = (await (await admin.GetAsync($"/api/events/{id}/export?list=signin&format=csv")).Content.ReadAsStringAsync())
            .TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(csv[0], string.Join(',', table["header"]!.AsArray().Select(h => h!.GetValue<string>())));
        var rows = table["rows"]!.AsArray().Select(r => string.Join(',', r!.AsArray().Select(v => v!.GetValue<string>()))).ToArray();
        Assert.Equal(csv[1..], rows);
        Assert.Equal(2, rows.Length);
        var national = $"{bPhone[3..6]} {bPhone[6..10]} {bPhone[10..]}";
        Assert.Contains(rows, r => r.Contains("签到乙") && r.Contains(national));
        Assert.True((await (await admin.GetAsync($"/api/events/{id}/export?list=signin&format=pdf")).ErrorsAsync()).ContainsKey("format"));
    }

    private static async Task<JsonObject> OneCardAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["cards"]!.AsArray().Single()!.AsObject();
    }

    private static async Task<string[]> IdsAsync(HttpClient client, string url, string list)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())[list]!.AsArray().Select(c => c!["retireeId"]!.GetValue<string>()).ToArray();
    }

    private static string[] Lines(JsonObject card) =>
        card["lines"]!.AsArray().Select(l => $"{l!["label"]!.GetValue<string>()}: {l["value"]!.GetValue<string>()}").ToArray();

    /// <summary>Draws the card's path as pixels (4 per module) and reads it as a camera would, with ZXing.</summary>
    internal static string Decode(JsonObject card)
    {
        var size = card["qr"]!["size"]!.GetValue<int>();
        const int scale = 4;
        var pixels = Enumerable.Repeat((byte)255, size * size * scale * scale).ToArray();
        foreach (Match m in Run().Matches(card["qr"]!["path"]!.GetValue<string>()))
        {
            int x0 = int.Parse(m.Groups[1].Value), y = int.Parse(m.Groups[2].Value), w = int.Parse(m.Groups[3].Value);
            for (var x = x0; x < x0 + w; x++)
                for (var dy = 0; dy < scale; dy++)
                    for (var dx = 0; dx < scale; dx++) pixels[(y * scale + dy) * size * scale + x * scale + dx] = 0;
        }
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        var result = reader.Decode(new RGBLuminanceSource(pixels, size * scale, size * scale, RGBLuminanceSource.BitmapFormat.Gray8));
        Assert.NotNull(result);
        return result.Text;
    }

    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-\d+z")]
    private static partial Regex Run();
}
