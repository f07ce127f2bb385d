using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.CheckIns;
using Afterglow.App.Messages;
using Afterglow.Domain.CheckIns;
using Afterglow.App.Sms;
using Afterglow.Tests.CheckIns;
using Afterglow.Tests.Infrastructure;

namespace Afterglow.Tests.Sms;

/// <summary>The dev phone with Aliyun's rules (Sms__Rules=aliyun): a missing registration shows up before anyone deploys.</summary>
public sealed class DevPhoneAliyunRules : IAsyncLifetime
{
    public SmsAppFactory App { get; } = new()
    {
        Extra = new() { ["Sms:Rules"] = "aliyun", ["Sms:SignName"] = "夕阳关怀", ["Sms:Registrations:sms_reply:zh:Code"] = "SMS_1", ["Sms:CostPerSegment"] = "0.045" },
    };

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class DevPhoneRulesTests(DevPhoneAliyunRules fx) : IClassFixture<DevPhoneAliyunRules>
{
    private readonly SmsWorld w = new(fx.App);

    [Fact]
    public async Task The_dev_phone_shows_the_signature_and_an_unregistered_template_is_refused_when_queued()
    {
        var phone = CareWorld.NewPhone();
        await w.QueueAsync(SmsWorld.Notice(phone, "您好，明天见", $"test:{Guid.NewGuid():N}"));
        var refused = await w.QueueAsync(new OutgoingSms(phone, SmsTemplates.OptOutConfirm, new Dictionary<string, string>(), "zh-CN", SmsPurpose.Confirmation,
            $"test:{Guid.NewGuid():N}", "test", IgnoreQuietHours: true));
        await w.DispatchAsync();
        Assert.Equal("【夕阳关怀】您好，明天见", Assert.Single(await w.OutAsync(phone)).Text);
        Assert.Equal(SmsState.Failed, refused.State);
        Assert.Contains("Sms__Registrations__sms_optOutConfirm__zh__Code", refused.Error);
    }

    [Fact]
    public async Task Settings_lists_each_templates_registration_and_names_the_ones_without_a_code()
    {
        var templates = (await (await w.AdminAsync()).GetFromJsonAsync<JsonArray>("/api/templates"))!;
        var reply = templates.Single(t => t!["id"]!.GetValue<string>() == SmsTemplates.StaffReply)!["registrations"]!.AsArray();
        Assert.Equal("SMS_1", reply.Single(r => r!["language"]!.GetValue<string>() == "zh")!["code"]!.GetValue<string>());
        var confirm = templates.Single(t => t!["id"]!.GetValue<string>() == SmsTemplates.OptOutConfirm)!["registrations"]!.AsArray();
        Assert.All(confirm, r => Assert.Equal("No template code.", r!["problem"]!.GetValue<string>()));
        Assert.Equal("aliyun", confirm[0]!["provider"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_preview_shows_each_part_as_the_phone_will_with_segments_and_cost()
    {
        var text = string.Concat(Enumerable.Repeat("请于周五上午到活动中心领取慰问品。", 3)); // 51 characters: two parts of at most 35
        var response = await (await w.AdminAsync()).PostAsJsonAsync("/api/messages/estimate", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimate = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var parts = estimate["parts"]!.AsArray();
        Assert.Equal(2, parts.Count);
        Assert.StartsWith("【夕阳关怀】(1/2)", parts[0]!["text"]!.GetValue<string>());
        Assert.Equal(2, estimate["segments"]!.GetValue<int>());
        Assert.Equal(0.09m, estimate["cost"]!.GetValue<decimal>());
        Assert.Null(estimate["refusal"]);

        var alert = await (await w.AdminAsync()).PostAsJsonAsync("/api/messages/estimate", new { templateId = SmsTemplates.OptOutAlert, parameters = new { name = "张三" } });
        Assert.Contains("no Alibaba Cloud SMS template code", (await alert.Content.ReadFromJsonAsync<JsonObject>())!["refusal"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_check_in_refused_when_queued_is_undelivered_and_goes_to_a_person_not_to_silence()
    {
        var day = w.NextDay();
        var (retireeId, _) = await w.RetireeAsync("未报备老人");
        await w.PlanAsync(retireeId, "09:20");
        w.At(day, "09:20");
        await w.SweepAsync();
        var checkInId = CheckInStore.IdOf(CheckInStore.DayPartition(day), retireeId);
        var message = await w.MessageAsync($"checkin:{checkInId}");
        Assert.Equal(SmsState.Failed, message.State);
        Assert.Contains("checkin", message.Error);
        // The care engine hears of it just after the sweep's own write, not inside it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        CheckInStatus status;
        while ((status = (await w.Get<CheckInStore>().GetAsync(checkInId, CancellationToken.None))!.Value.CheckIn.Status) != CheckInStatus.Undelivered && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(CheckInStatus.Undelivered, status);
    }

    [Fact]
    public async Task A_broadcast_preview_shows_the_signature_and_counts_every_part()
    {
        var unit = "单位" + MainlandFixture.Unique(6);
        await w.RetireeAsync("预览老人", unit: unit);
        var admin = await w.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/broadcasts", new
        {
            name = "预览", templateId = SmsTemplates.Notice, parameters = new Dictionary<string, string> { ["text"] = string.Concat(Enumerable.Repeat("下周二上午体检，请空腹到校医院。", 3)) },
            filter = new { unit }, sendAt = fx.App.Clock.GetUtcNow(),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var preview = (await (await admin.GetAsync($"/api/broadcasts/{id}/preview")).Content.ReadFromJsonAsync<JsonObject>())!;
        var sample = preview["sample"]!.GetValue<string>().Split('\n');
        Assert.Equal(2, sample.Length); // 48 characters: two parts of at most 35
        Assert.All(sample, line => Assert.StartsWith("【夕阳关怀】(", line));
        Assert.Equal(2, preview["segmentsPerMessage"]!.GetValue<int>());
        Assert.Equal(0.09m, preview["totalCost"]!.GetValue<decimal>());
    }
}
