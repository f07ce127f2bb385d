using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Afterglow.App.Auth;

/// <summary>
/// Anti-forgery bound to the session: the token is this session's id sealed with the app's data-protection keys
/// (shared by every instance). A signed-in write must carry it in X-XSRF-TOKEN; the XSRF-TOKEN cookie only hands
/// it to our own pages. A token from another session, or an equal cookie/header pair someone made up, fails.
/// </summary>
public static class Xsrf
{
    public const string CookieName = "XSRF-TOKEN";
    public const string HeaderName = "X-XSRF-TOKEN";
    private const string Purpose = "Afterglow.Xsrf.v1";

    /// <summary>Issues the token for the session in <paramref name="user"/> (just signed in, or the current one).</summary>
    public static string Issue(HttpContext http, ClaimsPrincipal user)
    {
        var token = Protector(http).Protect(Sessions.Id(user) ?? throw new InvalidOperationException("A session has an id."));
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = false, SameSite = SameSiteMode.Strict, Path = "/",
            Secure = http.Request.IsHttps || !http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment(),
        });
        return token;
    }

    /// <summary>True when the token belongs to the session in <paramref name="user"/>.</summary>
    public static bool IsValid(HttpContext http, ClaimsPrincipal user, string? token)
    {
        var sid = Sessions.Id(user);
        if (string.IsNullOrEmpty(token) || sid is null || token.Length > 1000) return false;
        try
        {
            var sealedSid = Protector(http).Unprotect(token);
            return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(sealedSid), System.Text.Encoding.UTF8.GetBytes(sid));
        }
        catch (CryptographicException) { return false; }
    }

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    public static WebApplication UseXsrfCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            var unsafeMethod = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
            if (unsafeMethod && context.Request.Path.StartsWithSegments("/api") && context.User.Identity?.IsAuthenticated == true
                && !IsValid(context, context.User, context.Request.Headers[HeaderName].ToString()))
            {
                await Results.Problem(statusCode: 403, title: "Missing or wrong anti-forgery token.",
                    detail: $"Send the {CookieName} cookie's value in the {HeaderName} header.").ExecuteAsync(context);
                return;
            }
            await next();
        });
        return app;
    }
}
