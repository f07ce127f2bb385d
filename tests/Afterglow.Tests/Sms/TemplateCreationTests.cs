using System.Net;
using System.Net.Http.Json;
using Afterglow.App.Messages;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Sms;

/// <summary>Admins add SMS templates for broadcasts; the id, both texts and their parameters are checked.</summary>
public class TemplateCreationTests(AppFactory app) : AppTests(app)
{
    private static string NewId() => "notice.checkup" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task An_admin_creates_one_it_is_listed_rendered_editable_and_audited()
    {
        var admin = await App.AdminAsync();
        var id = NewId();
        var created = await admin.PostAsJsonAsync("/api/templates", new
        {
            id, zhCn = "【{office}】{name}同志：{day}在{place}体检，请带医保卡。", en = "[{office}] {name}: check-up on {day} at {place}; bring your card.", description = "体检通知",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.JsonAsync();
        Assert.Equal(id, view["id"]!.GetValue<string>());
        Assert.Equal(["day", "name", "office", "place"], view["parameters"]!.AsArray().Select(p => p!.GetValue<string>()).Order());

        var list = await (await admin.GetAsync("/api/templates")).JsonArrayAsync();
        Assert.Contains(list, t => t!["id"]!.GetValue<string>() == id && t["description"]!.GetValue<string>() == "体检通知");
        var text = await App.Services.GetRequiredService<SmsTemplates>().RenderAsync(id, "zh-CN",
            new Dictionary<string, string> { ["office"] = "离退休工作处", ["name"] = "王建国", ["day"] = "3月5日", ["place"] = "校医院" }, CancellationToken.None);
        Assert.Equal("【离退休工作处】王建国同志：3月5日在校医院体检，请带医保卡。", text);

        // A created template is edited under the same rules: new parameters are fine, a mismatch between languages is not.
        var edited = await admin.PutAsJsonAsync($"/api/templates/{id}", new { zhCn = "{name}同志：{day}体检。", en = "{name}: check-up on {day}." });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var mismatch = await admin.PutAsJsonAsync($"/api/templates/{id}", new { zhCn = "{name}同志：{day}体检。", en = "Check-up on {day}." });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.True((await mismatch.ErrorsAsync()).ContainsKey("en"));

        var trail = await (await admin.GetAsync("/api/audit/")).Content.ReadAsStringAsync();
        Assert.Contains("template.create", trail);
        Assert.Contains(id, trail);
    }

    [Theory]
    [InlineData("Notice.Checkup", "体检", "Check-up", "id")]
    [InlineData("checkup", "体检", "Check-up", "id")]
    [InlineData("notice..checkup", "体检", "Check-up", "id")]
    [InlineData("notice.check-up", "体检", "Check-up", "id")]
    [InlineData("notice.checkup.in.the.spring", "体检", "Check-up", "id")]
    [InlineData("notice.general", "体检", "Check-up", "id")]
    [InlineData("checkin.callback", "体检", "Check-up", "id")]
    [InlineData("NEW", "", "Check-up", "zhCn")]
    [InlineData("NEW", "体检", "   ", "en")]
    [InlineData("NEW", "{name}体检", "Check-up", "en")]
    [InlineData("NEW", "体检\u0007", "Check-up", "zhCn")]
    public async Task Bad_input_names_the_field_and_creates_nothing(string id, string zhCn, string en, string field)
    {
        if (id == "NEW") id = NewId();
        var admin = await App.AdminAsync();
        var before = (await (await admin.GetAsync("/api/templates")).JsonArrayAsync()).Count;
        var response = await admin.PostAsJsonAsync("/api/templates", new { id, zhCn, en });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(before, (await (await admin.GetAsync("/api/templates")).JsonArrayAsync()).Count);
    }

    [Fact]
    public async Task A_long_text_and_a_coordinator_are_refused()
    {
        var admin = await App.AdminAsync();
        var tooLong = await admin.PostAsJsonAsync("/api/templates", new { id = NewId(), zhCn = new string('长', Afterglow.Domain.Messaging.SmsSegments.MaxLength + 1), en = "Long" });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.ErrorsAsync()).ContainsKey("zhCn"));

        var (coordinator, _) = await App.SignInAsAsync("coordinator");
        var id = NewId();
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync("/api/templates", new { id, zhCn = "体检", en = "Check-up" })).StatusCode);
        Assert.Null(await App.Services.GetRequiredService<SmsTemplates>().GetAsync(id, CancellationToken.None));
    }
}

/// <summary>Under a mainland provider's rules (Aliyun): a text the provider would not register is refused when created.</summary>
public sealed class TemplateRulesFixture : IAsyncLifetime
{
    public SmsAppFactory App { get; } = new() { Extra = new() { ["Sms:Rules"] = "aliyun", ["Sms:SignName"] = "夕阳关怀" } };
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class TemplateCreationRulesTests(TemplateRulesFixture fx) : IClassFixture<TemplateRulesFixture>
{
    [Theory]
    [InlineData("{name}{day}来体检", "{name} {day} check-up", "zhCn")]
    [InlineData("请于【{day}】体检", "Check-up on {day}", "zhCn")]
    [InlineData("{day}体检", "{day}{name}", "en")]
    public async Task A_text_the_provider_would_refuse_is_refused_here(string zhCn, string en, string field)
    {
        var admin = await fx.App.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/templates", new { id = "notice.rule" + Guid.NewGuid().ToString("N")[..6], zhCn, en });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ErrorsAsync();
        Assert.Contains("Cannot be registered", errors[field]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_leading_sender_is_allowed_and_the_registration_is_listed_without_a_code()
    {
        var admin = await fx.App.AdminAsync();
        var id = "notice.ok" + Guid.NewGuid().ToString("N")[..6];
        var created = await admin.PostAsJsonAsync("/api/templates", new { id, zhCn = "【{office}】{name}同志：{day}体检。", en = "[{office}] {name}: check-up on {day}." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var registrations = (await created.JsonAsync())["registrations"]!.AsArray();
        Assert.Equal(2, registrations.Count);
        Assert.All(registrations, r => Assert.Null(r!["code"]));
    }
}
