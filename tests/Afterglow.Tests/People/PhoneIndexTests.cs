using System.Net;
using System.Net.Http.Json;
using Afterglow.App.People;
using Afterglow.App.Storage;
using Afterglow.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.People;

/// <summary>
/// An inbound SMS finds its sender through the phone index, not a read of everyone: a new number is found at once,
/// the old one no longer; people stored before the index existed are indexed on the first look-up.
/// </summary>
public class PhoneIndexTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_person_is_found_by_phone_after_being_saved_before_the_index_existed_and_after_a_change_of_number()
    {
        var store = App.Services.GetRequiredService<PersonStore>();
        var ct = CancellationToken.None;
        // Written as an older version wrote it: the person row alone, no index row.
        var legacy = new Person { Id = "plegacy" + Guid.NewGuid().ToString("N")[..6], Name = "老数据", Phone = "+8613977770001", Role = PersonRole.Volunteer };
        var table = await App.Services.GetRequiredService<StorageAccount>().TableAsync(StorageNames.People, ct);
        await table.UpsertEntityAsync(Rows.Write("p", legacy.Id, legacy), TableUpdateMode.Replace, ct);
        Assert.Equal([legacy.Id], (await store.FindByPhoneAsync(legacy.Phone, ct)).Select(p => p.Id));

        var admin = await App.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/people", new { name = "换号志愿", phone = "13977770002", role = "volunteer" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal([id], (await store.FindByPhoneAsync("+8613977770002", ct)).Select(p => p.Id));
        // A shared prefix is not a match: +86139777700021 is another number.
        Assert.Empty(await store.FindByPhoneAsync("+861397777000", ct));

        var changed = await admin.PutAsJsonAsync($"/api/people/{id}", new { name = "换号志愿", phone = "13977770003", role = "volunteer" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Empty(await store.FindByPhoneAsync("+8613977770002", ct));
        Assert.Equal([id], (await store.FindByPhoneAsync("+8613977770003", ct)).Select(p => p.Id));
    }
}
