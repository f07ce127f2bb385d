using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Registry;

public class RetireeApiTests(AppFactory app) : AppTests(app)
{
    private static object Minimal(string name = "李建国", string mobile = "13800138000", string birthDate = "1944-03-01") =>
        new { name, birthDate, mobile };

    private async Task<int> CountAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/retirees?pageSize=1")).JsonAsync())["total"]!.GetValue<int>();

    [Fact]
    public async Task Registers_with_just_name_birth_date_and_mobile_and_derives_the_tier()
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/retirees", Minimal());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var body = await response.JsonAsync();
        Assert.Equal("+8613800138000", body["profile"]!["mobile"]!.GetValue<string>());
        Assert.Equal(82, body["age"]!.GetValue<int>());
        Assert.Equal("from80", body["ageBand"]!.GetValue<string>());
        Assert.Equal("elevated", body["tier"]!.GetValue<string>());

        var read = await admin.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("李建国", (await read.JsonAsync())["profile"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accepts_full_width_digits_spaces_and_dashes_in_phones()
    {
        var admin = await App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/retirees", Minimal(mobile: "１３８ ００１３-８００１"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("+8613800138001", (await response.JsonAsync())["profile"]!["mobile"]!.GetValue<string>());
    }

    [Fact]
    public async Task Living_alone_without_children_at_86_is_critical_and_an_override_needs_a_reason()
    {
        var admin = await App.AdminAsync();
        var alone = await admin.PostAsJsonAsync("/api/retirees", new { name = "王德明", birthDate = "1940-05-05", mobile = "13800138002", living = "alone", childless = true });
        var body = await alone.JsonAsync();
        Assert.Equal("critical", body["tier"]!.GetValue<string>());
        Assert.Contains("childlessAlone", body["tierReasons"]!.AsArray().Select(x => x!.GetValue<string>()));

        var noReason = await admin.PostAsJsonAsync("/api/retirees", new { name = "赵", birthDate = "1950-01-01", mobile = "13800138003", tierOverride = new { tier = "high", reason = "" } });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.ErrorsAsync()).ContainsKey("tierOverride.reason"));

        var withReason = await admin.PostAsJsonAsync("/api/retirees", new { name = "赵", birthDate = "1950-01-01", mobile = "13800138003", tierOverride = new { tier = "high", reason = "刚出院" } });
        Assert.Equal("high", (await withReason.JsonAsync())["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_needs_the_current_etag_and_a_stale_one_is_412()
    {
        var admin = await App.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/retirees", Minimal("张秀英", "13800138010"));
        var url = created.Headers.Location!.ToString();
        var etag = created.Headers.ETag!.ToString();

        var noIfMatch = await admin.PutAsJsonAsync(url, new { name = "张秀英", birthDate = "1944-03-01", mobile = "13800138010", city = "武汉" });
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);

        var first = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { name = "张秀英", birthDate = "1944-03-01", mobile = "13800138010", city = "武汉" }) };
        first.Headers.TryAddWithoutValidation("If-Match", etag);
        var ok = await admin.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.ToString());

        var second = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { name = "张秀英", birthDate = "1944-03-01", mobile = "13800138010", city = "北京" }) };
        second.Headers.TryAddWithoutValidation("If-Match", etag);
        var stale = await admin.SendAsync(second);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var now = await (await admin.GetAsync(url)).JsonAsync();
        Assert.Equal("武汉", now["profile"]!["city"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"A","birthDate":"1950-01-01","mobile":"13800138000","shoeSize":42}""", "shoeSize")]
    [InlineData("""{"name":"A","birthDate":"1950-13-01","mobile":"13800138000"}""", "birthDate")]
    [InlineData("""{"name":"A","birthDate":"2030-01-01","mobile":"13800138000"}""", "birthDate")]
    [InlineData("""{"name":"A","birthDate":"1890-01-01","mobile":"13800138000"}""", "birthDate")]
    [InlineData("""{"name":"A","birthDate":"1950-01-01","mobile":"12345"}""", "mobile")]
    [InlineData("""{"name":"","birthDate":"1950-01-01","mobile":"13800138000"}""", "name")]
    [InlineData("""{"name":"A","birthDate":"1950-01-01","mobile":"13800138000","emergencyContacts":[{"name":"B","phone":"abc"}]}""", "emergencyContacts[0].phone")]
    [InlineData("""{"name":"A","birthDate":"1950-01-01","mobile":"13800138000","living":"onTheMoon"}""", "living")]
    [InlineData("""{"name":"A","birthDate":"1950-01-01","mobile":"13800138000","status":"deceased"}""", "deceasedOn")]
    public async Task Bad_input_is_a_problem_naming_the_field_and_stores_nothing(string json, string field)
    {
        var admin = await App.AdminAsync();
        var before = await CountAsync(admin);
        var response = await admin.PostJsonAsync("/api/retirees", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.ErrorsAsync()).ContainsKey(field), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync(admin));
    }

    [Fact]
    public async Task Malformed_json_and_over_long_strings_are_400()
    {
        var admin = await App.AdminAsync();
        var malformed = await admin.PostJsonAsync("/api/retirees", "{\"name\": ");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var tooLong = await admin.PostAsJsonAsync("/api/retirees", Minimal(name: new string('李', 51)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.ErrorsAsync()).ContainsKey("name"));
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var admin = await App.AdminAsync();
        var huge = "{\"name\":\"A\",\"birthDate\":\"1950-01-01\",\"mobile\":\"13800138000\",\"healthNotes\":\"" + new string('x', 1_100_000) + "\"}";
        var response = await admin.PostJsonAsync("/api/retirees", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_id_number_is_409_on_create_and_on_update()
    {
        var admin = await App.AdminAsync();
        var idNumber = Afterglow.Tests.Security.ResidentIds.Make("420105", new DateOnly(1944, 3, 1), Random.Shared.Next(100, 999));
        var first = await admin.PostAsJsonAsync("/api/retirees", new { name = "甲", birthDate = "1944-03-01", mobile = "13800138020", idNumber });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var dup = await admin.PostAsJsonAsync("/api/retirees", new { name = "乙", birthDate = "1944-03-01", mobile = "13800138021", idNumber });
        Assert.Equal(HttpStatusCode.Conflict, dup.StatusCode);
        Assert.True((await dup.ErrorsAsync()).ContainsKey("idNumber"));

        var other = await admin.PostAsJsonAsync("/api/retirees", new { name = "丙", birthDate = "1944-03-01", mobile = "13800138022" });
        var put = new HttpRequestMessage(HttpMethod.Put, other.Headers.Location) { Content = JsonContent.Create(new { name = "丙", birthDate = "1944-03-01", mobile = "13800138022", idNumber }) };
        put.Headers.TryAddWithoutValidation("If-Match", other.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.SendAsync(put)).StatusCode);
    }

    [Fact]
    public async Task Archive_needs_a_reason_and_sets_the_status()
    {
        var admin = await App.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/retirees", Minimal("周", "13800138030"));
        var url = created.Headers.Location!.ToString();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(url + "/archive", new { reason = "" })).StatusCode);
        var archived = await admin.PostAsJsonAsync(url + "/archive", new { reason = "迁往外地，转出" });
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Equal("archived", (await archived.JsonAsync())["profile"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/retirees/rNOPE/archive", new { reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task Changes_and_reads_are_in_the_audit_trail_for_admins_only()
    {
        var admin = await App.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/retirees", Minimal("孙", "13800138040"));
        var id = (await created.JsonAsync())["id"]!.GetValue<string>();
        await admin.GetAsync($"/api/retirees/{id}");
        var trail = await (await admin.GetAsync($"/api/audit?retireeId={id}&date={App.Clock.GetUtcNow():yyyy-MM-dd}")).JsonArrayAsync();
        var actions = trail.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("retiree.create", actions);
        Assert.Contains("retiree.read", actions);
        Assert.All(trail, e => Assert.Equal(AppFactory.AdminEmail, e!["actor"]!.GetValue<string>()));

        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/api/audit")).StatusCode);
    }
}
