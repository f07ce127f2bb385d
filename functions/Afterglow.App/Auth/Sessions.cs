using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Afterglow.App.Auth;

/// <summary>
/// A session is a cookie checked against its account on every request: the account must still exist, be
/// enabled, have the same role and person, and carry the stamp the cookie was issued with. Sign-out, disabling,
/// a role or password change all write a new stamp, so every earlier cookie ends at its next request, on every
/// instance. A session also ends a fixed time after sign-in however active it is (the sliding window alone
/// would let a stolen cookie live for ever).
/// </summary>
public static class Sessions
{
    public const string StampClaim = "afterglow/stamp";
    public const string IdClaim = "afterglow/sid";
    public const string IssuedClaim = "afterglow/issued";

    /// <summary>Idle timeout: the cookie slides while the person works (a coordinator's shift; the dashboard re-asks in a dialog).</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromHours(10);
    /// <summary>Absolute lifetime: a working day, then sign in again.</summary>
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(12);

    public static ClaimsPrincipal PrincipalFor(Account a, string scheme, DateTimeOffset now)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, AccountStore.Normalize(a.Email)),
            new(ClaimTypes.Name, a.DisplayName),
            new(ClaimTypes.Role, a.Role),
            new(StampClaim, a.SessionStamp),
            new(IdClaim, Guid.NewGuid().ToString("N")),
            new(IssuedClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        if (a.PersonId is not null) claims.Add(new Claim(ClaimNames.PersonId, a.PersonId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>This session's id (random per sign-in); the anti-forgery token is bound to it.</summary>
    public static string? Id(ClaimsPrincipal user) => user.FindFirstValue(IdClaim);

    /// <summary>The cookie handler's per-request check.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!await IsCurrentAsync(context.Principal, services.GetRequiredService<AccountStore>(), now, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public static async Task<bool> IsCurrentAsync(ClaimsPrincipal? user, AccountStore store, DateTimeOffset now, CancellationToken ct)
    {
        if (user is null) return false;
        var email = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = user.FindFirstValue(StampClaim);
        if (email is null || stamp is null || Id(user) is null) return false;
        if (!long.TryParse(user.FindFirstValue(IssuedClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var issued)) return false;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(issued);
        if (age > Absolute || age < -TimeSpan.FromMinutes(5)) return false;

        var account = await store.FindAsync(email, ct);
        return account is { Disabled: false }
            && account.SessionStamp == stamp
            && account.Role == user.FindFirstValue(ClaimTypes.Role)
            && account.PersonId == user.FindFirstValue(ClaimNames.PersonId);
    }
}
