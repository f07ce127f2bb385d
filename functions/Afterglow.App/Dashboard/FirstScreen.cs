using System.Text.Json;
using Afterglow.App.Auth;
using Afterglow.App.Office;
using Afterglow.App.Serialization;
using Afterglow.App.Sms;
using Afterglow.Domain.Phones;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Afterglow.App.Dashboard;

/// <summary>
/// What every page of the dashboard asks for before anything else (GET /api/me and GET /api/office, as they answer),
/// written into index.html for a signed-in caller, so a first screen starts its own calls without waiting a round
/// trip for them (issue 14, ADR 0014e). The page reads it once (web/src/session.ts); not signed in, the page has none
/// and signs in as before.
/// </summary>
public sealed record FirstScreen(MeResponse Me, OfficeDto Office)
{
    /// <summary>The element's id in the page: a JSON data block, which no browser runs and no CSP forbids.</summary>
    public const string ElementId = "first-screen";

    /// <summary>Signed in as GET /api/me requires it: its policy, on the session the cookie handler has checked.</summary>
    public static async Task<bool> IsSignedInAsync(HttpContext http) =>
        (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, Policies.SignedIn)).Succeeded;

    /// <summary>The page with the caller's first screen in it, or null when the office cannot be read now (the page then asks, as it would without).</summary>
    public static async Task<string?> PageAsync(string html, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        OfficeDto office;
        try
        {
            office = await OfficeApi.CurrentAsync(services.GetRequiredService<OfficeProfile>(), services.GetRequiredService<PhoneNumberRules>(),
                services.GetRequiredService<SmsOptions>(), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // A storage blip costs this page the round trip it would have saved, never the page itself.
            services.GetRequiredService<ILogger<FirstScreen>>().LogWarning(e, "The office settings could not be read for the dashboard's page; it will ask for them.");
            return null;
        }
        var me = AuthApi.MeOf(http, services.GetRequiredService<AuthOptions>(), services.GetRequiredService<IHostEnvironment>());
        var json = JsonSerializer.Serialize(new FirstScreen(me, office), services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.Info<FirstScreen>());
        return Into(html, json);
    }

    /// <summary>
    /// The data block goes before &lt;/head&gt; (or at the end of a page without one). Every "&lt;" becomes \u003c,
    /// which JSON reads back as the same character: no name or setting can close the element or open a comment.
    /// </summary>
    public static string Into(string html, string json)
    {
        var block = $"<script type=\"application/json\" id=\"{ElementId}\">{json.Replace("<", "\\u003c", StringComparison.Ordinal)}</script>";
        var head = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        return head < 0 ? html + block : html.Insert(head, block);
    }
}
