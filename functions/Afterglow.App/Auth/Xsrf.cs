using System.Security.Cryptography;

namespace Afterglow.App.Auth;

/// <summary>
/// Double-submit anti-forgery: a cookie-authenticated write must carry X-XSRF-TOKEN equal to the XSRF-TOKEN
/// cookie, which only our own pages can read.
/// </summary>
public static class Xsrf
{
    public const string CookieName = "XSRF-TOKEN";
    public const string HeaderName = "X-XSRF-TOKEN";

    public static string Issue(HttpResponse response)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        response.Cookies.Append(CookieName, token, new CookieOptions { HttpOnly = false, SameSite = SameSiteMode.Strict, Path = "/", Secure = response.HttpContext.Request.IsHttps });
        return token;
    }

    public static WebApplication UseXsrfCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            var unsafeMethod = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
            if (unsafeMethod && context.Request.Path.StartsWithSegments("/api") && context.Request.Cookies.ContainsKey("afterglow"))
            {
                var cookie = context.Request.Cookies[CookieName];
                var header = context.Request.Headers[HeaderName].ToString();
                if (string.IsNullOrEmpty(cookie) || !CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(cookie), System.Text.Encoding.UTF8.GetBytes(header)))
                {
                    await Results.Problem(statusCode: 403, title: "Missing or wrong anti-forgery token.",
                        detail: $"Send the {CookieName} cookie's value in the {HeaderName} header.").ExecuteAsync(context);
                    return;
                }
            }
            await next();
        });
        return app;
    }
}
