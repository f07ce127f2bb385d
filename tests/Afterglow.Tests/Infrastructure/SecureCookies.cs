namespace Afterglow.Tests.Infrastructure;

/// <summary>
/// Outside Development the session and anti-forgery cookies are Secure, so a client over plain http does not send
/// them: after a sign-in, every request of this client carries them by hand, with the anti-forgery header.
/// Shared with the benchmarks.
/// </summary>
public static class SecureCookies
{
    public static void SendByHand(HttpClient http, HttpResponseMessage login)
    {
        var cookies = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        http.DefaultRequestHeaders.Add("X-XSRF-TOKEN", cookies.Single(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal))["XSRF-TOKEN=".Length..]);
        http.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
    }
}
