using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Afterglow.App.Hosting;
using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afterglow.Tests.Sms;

/// <summary>
/// A reply typed on the dev phone travels through the sms-events queue: the API answers with the outcome when the
/// drain handled it at once, else with only its message id. Tests wait for the outcome instead of assuming it.
/// </summary>
public static class DevPhoneReplies
{
    public static async Task<string> ReplyOnDevPhoneAsync(this HttpClient admin, AppFactory app, string phone, string text)
    {
        var response = await admin.PostAsJsonAsync($"/api/dev/phone/{Uri.EscapeDataString(phone)}/reply", new { text });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        if (body["outcome"] is JsonValue known) return known.GetValue<string>();
        var id = body["messageId"]!.GetValue<string>();
        var function = app.Services.GetRequiredService<SmsEventsFunction>();
        for (var i = 0; i < 100; i++)
        {
            // The test apps run no background drain (Scheduler:Enabled false): drain as the standalone host would.
            await app.Services.GetRequiredService<QueueDrain>().DrainNowAsync(function, CancellationToken.None);
            if (await app.Services.GetRequiredService<InboxStore>().OutcomeAsync(id, CancellationToken.None) is { } outcome)
                return JsonNamingPolicyCamel(outcome);
            await Task.Delay(100);
        }
        throw new TimeoutException($"The dev phone's reply {id} was not handled within 10 s.");
    }

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
