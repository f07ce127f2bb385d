using Afterglow.App.CheckIns;
using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Storage;

/// <summary>Rows written by an older or a newer version of the app stay readable.</summary>
public class StorageJsonTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public void A_row_from_a_newer_version_with_members_this_one_does_not_know_is_read()
    {
        var json = """
            {"id":"day-20261122.r1","retireeId":"r1","retireeName":"王","status":"answered","answer":"well",
             "mood":{"score":4,"notes":["x"]},"relayChannel":"voice","escalatedTwice":true}
            """;
        var c = StorageJson.Read<CheckIn>(json);
        Assert.Equal("r1", c.RetireeId);
        Assert.Equal(CheckInStatus.Answered, c.Status);
    }

    [Fact]
    public void A_row_from_an_older_version_missing_members_gets_their_defaults()
    {
        var c = StorageJson.Read<CheckIn>("""{"id":"day-20261122.r2","retireeId":"r2"}""");
        Assert.Equal(CheckInStatus.Sent, c.Status);
        Assert.Equal("zh-CN", c.Language);
        Assert.Empty(c.VolunteerIds);
        Assert.False(c.CallBack);
    }

    [Fact]
    public void Enums_are_written_by_name_and_read_back()
    {
        var json = StorageJson.Write(new CheckIn { Id = "day-20261122.r3", RetireeId = "r3", Status = CheckInStatus.Missed });
        Assert.Contains("\"status\":\"missed\"", json);
        Assert.Equal(CheckInStatus.Missed, StorageJson.Read<CheckIn>(json).Status);
    }

    [Fact]
    public async Task A_stored_SMS_written_in_an_older_and_a_newer_shape_is_read_by_the_outbox()
    {
        var storage = App.Services.GetRequiredService<StorageAccount>();
        var outbox = App.Services.GetRequiredService<OutboxStore>();
        var table = await storage.TableAsync(StorageNames.Outbox);
        var newer = OutboxStore.IdOf("storage-json:newer");
        var older = OutboxStore.IdOf("storage-json:older");
        await table.AddEntityAsync(Raw(newer, $$"""
            {"id":"{{newer}}","key":"storage-json:newer","to":"+8613900000001","text":"你好","repeatabilityId":"r-1","state":"sent",
             "attemptsByGateway":{"acs":1},"priorityClass":"high"}
            """));
        await table.AddEntityAsync(Raw(older, $$"""
            {"id":"{{older}}","key":"storage-json:older","to":"+8613900000002","text":"你好","repeatabilityId":"r-2"}
            """));

        var n = (await outbox.GetAsync(newer, CancellationToken.None))!.Value.Message;
        Assert.Equal(SmsState.Sent, n.State);
        var o = (await outbox.GetAsync(older, CancellationToken.None))!.Value.Message;
        Assert.Equal(SmsState.Pending, o.State);
        Assert.Equal(0, o.Attempts);
    }

    private static TableEntity Raw(string id, string json)
    {
        var dot = id.IndexOf('.');
        return new TableEntity(id[..dot], id[(dot + 1)..]) { ["Json"] = json };
    }
}
