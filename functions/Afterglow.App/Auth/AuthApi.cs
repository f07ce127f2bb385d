using Afterglow.App.Audit;
using Afterglow.App.Problems;
using Azure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Afterglow.App.Auth;

public sealed record LoginRequest(string? Email, string? Password);
/// <summary>Who is signed in; <c>DevPhone</c> says whether this app has the development phone (Development only), so no page probes for it.</summary>
public sealed record MeResponse(string Email, string DisplayName, string Role, string? PersonId, bool OidcEnabled, bool DevPhone = false);
public sealed record AccountDto(string Email, string DisplayName, string Role, string? PersonId, bool Disabled, DateTimeOffset? LockedUntil);
public sealed record NewAccountRequest(string? Email, string? DisplayName, string? Role, string? Password, string? PersonId);
public sealed record AccountUpdateRequest(string? DisplayName, string? Role, string? Password, string? PersonId, bool? Disabled);

public static class AuthApi
{
    private const int MaxFailures = 5;
    private static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api");

        group.MapPost("/auth/login", LoginAsync).AllowAnonymous().RequireRateLimiting(AuthExtensions.LoginRateLimit);
        group.MapPost("/auth/logout", (Delegate)LogoutAsync).AllowAnonymous();
        group.MapGet("/auth/oidc", (AuthOptions options) => options.OidcEnabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/app/" }, ["OpenIdConnect"])
            : Results.Problem(statusCode: 404, title: "Entra ID sign-in is not configured.")).AllowAnonymous();
        group.MapGet("/me", Me).RequireAuthorization(Policies.SignedIn);

        var accounts = group.MapGroup("/accounts").RequireAuthorization(Policies.Admin);
        accounts.MapGet("/", async (AccountStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(ToDto).ToList()));
        accounts.MapPost("/", CreateAccountAsync);
        accounts.MapPut("/{email}", UpdateAccountAsync);
        return group;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult, ValidationProblem>> LoginAsync(
        LoginRequest body, AccountStore store, IPasswordHasher<Account> hasher, AdminBootstrap bootstrap, LoginThrottle throttle,
        TimeProvider time, HttpContext http, AuthOptions options, IHostEnvironment env, AuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Email)) errors.Add("email", "Enter your email.");
        else if (body.Email.Length > AccountRules.MaxEmail) errors.Add("email", $"At most {AccountRules.MaxEmail} characters.");
        if (string.IsNullOrEmpty(body.Password)) errors.Add("password", "Enter your password.");
        else if (body.Password.Length > PasswordPolicy.MaxLength) errors.Add("password", $"At most {PasswordPolicy.MaxLength} characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (!throttle.TryAttempt(body.Email!))
            return TypedResults.Problem(statusCode: 429, title: "Too many sign-in attempts for this account; wait a minute.");

        await bootstrap.Ready.WaitAsync(ct);
        var now = time.GetUtcNow();
        var account = await store.FindAsync(body.Email!, ct);
        // One answer for an unknown, disabled, locked account and a wrong password, after the same hashing work,
        // so the answer never tells which accounts exist or are locked.
        // The dashboard translates this title (web/src/serverText.ts).
        var wrong = TypedResults.Problem(statusCode: 401, title: "Wrong email or password.");
        var ok = hasher.VerifyHashedPassword(account ?? Unknown, account?.PasswordHash is { Length: > 0 } h ? h : UnknownHash, body.Password!) != PasswordVerificationResult.Failed;
        if (account is null || account.Disabled) return wrong;
        if (account.LockedUntil > now) return wrong;

        if (!ok)
        {
            // Counted with the ETag: parallel wrong passwords each count, none is lost.
            await store.ChangeAsync(account.Email, a =>
            {
                if (a.LockedUntil > now) return a;
                var failures = a.FailedLogins + 1;
                return failures >= MaxFailures ? a with { FailedLogins = 0, LockedUntil = now + LockFor } : a with { FailedLogins = failures };
            }, ct);
            await audit.RecordAsync(new Caller(AccountStore.Normalize(body.Email!), "", null), "auth.failed", null, "Failed sign-in", ct);
            return wrong;
        }
        // A lock set by a parallel attempt since the read also holds for the right password.
        var current = await store.ChangeAsync(account.Email, a => a.LockedUntil > now ? a : a with { FailedLogins = 0, LockedUntil = null }, ct);
        if (current is null || current.Disabled || current.LockedUntil > now) return wrong;

        var principal = Sessions.PrincipalFor(current, CookieAuthenticationDefaults.AuthenticationScheme, now);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        Xsrf.Issue(http, principal);
        return TypedResults.Ok(new MeResponse(current.Email, current.DisplayName, current.Role, current.PersonId, options.OidcEnabled,
            HasDevPhone(env, new Caller(current.Email, current.Role, current.PersonId).IsStaff)));
    }

    private static readonly Account Unknown = new() { Email = "", DisplayName = "", Role = "" };
    private static readonly string UnknownHash = new PasswordHasher<Account>().HashPassword(Unknown, Guid.NewGuid().ToString());

    private static async Task<NoContent> LogoutAsync(HttpContext http, AccountStore store, CancellationToken ct)
    {
        // A new stamp ends this session everywhere it was copied, not just in this browser.
        if (http.User.Identity?.IsAuthenticated == true)
            await store.ChangeAsync(Caller.From(http.User).Email, a => a with { SessionStamp = AccountStore.NewStamp() }, ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        http.Response.Cookies.Delete(Xsrf.CookieName);
        return TypedResults.NoContent();
    }

    // The dev phone's routes are mapped in Development only (SmsExtensions), and only staff may open them.
    private static bool HasDevPhone(IHostEnvironment env, bool staff) => staff && env.IsDevelopment();

    private static Ok<MeResponse> Me(HttpContext http, AuthOptions options, IHostEnvironment env) => TypedResults.Ok(MeOf(http, options, env));

    /// <summary>
    /// Who is signed in, as GET /api/me answers and as the dashboard's page carries it (Dashboard/FirstScreen). Either is
    /// the dashboard's first call, so it re-issues the anti-forgery token when the browser lost it or it is another session's.
    /// </summary>
    internal static MeResponse MeOf(HttpContext http, AuthOptions options, IHostEnvironment env)
    {
        if (!Xsrf.IsValid(http, http.User, http.Request.Cookies[Xsrf.CookieName])) Xsrf.Issue(http, http.User);
        var caller = Caller.From(http.User);
        return new MeResponse(caller.Email, http.User.Identity?.Name ?? caller.Email, caller.Role, caller.PersonId, options.OidcEnabled,
            HasDevPhone(env, caller.IsStaff));
    }

    private static async Task<Results<Created<AccountDto>, ValidationProblem, ProblemHttpResult>> CreateAccountAsync(
        NewAccountRequest body, AccountStore store, IPasswordHasher<Account> hasher, HttpContext http, AuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!AccountRules.IsEmail(body.Email)) errors.Add("email", "Enter a valid email address.");
        AccountRules.CheckName(body.DisplayName, errors, required: true);
        if (body.Role is null || !Roles.All.Contains(body.Role)) errors.Add("role", "Role must be admin, coordinator or volunteer.");
        if (PasswordPolicy.Check(body.Password, body.Email) is { } weak) errors.Add("password", weak);
        if (body.Role == Roles.Volunteer && string.IsNullOrWhiteSpace(body.PersonId)) errors.Add("personId", "A volunteer account must name the volunteer's person record.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var account = new Account { Email = body.Email!.Trim(), DisplayName = body.DisplayName!.Trim(), Role = body.Role!, PersonId = body.PersonId, SessionStamp = AccountStore.NewStamp() };
        account = account with { PasswordHash = hasher.HashPassword(account, body.Password!) };
        if (!await store.AddAsync(account, ct))
            return TypedResults.Problem(statusCode: 409, title: "An account with this email exists.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["email"] = ["This email is taken."] } });
        await audit.RecordAsync(Caller.From(http.User), "account.create", null, $"Created {account.Role} account {account.Email}", ct);
        return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(account.Email)}", ToDto(account));
    }

    private static async Task<Results<Ok<AccountDto>, NotFound, ValidationProblem>> UpdateAccountAsync(
        string email, AccountUpdateRequest body, AccountStore store, IPasswordHasher<Account> hasher, HttpContext http, AuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Role is not null && !Roles.All.Contains(body.Role)) errors.Add("role", "Role must be admin, coordinator or volunteer.");
        if (body.Password is not null && PasswordPolicy.Check(body.Password, email) is { } weak) errors.Add("password", weak);
        AccountRules.CheckName(body.DisplayName, errors, required: false);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var account = await store.FindAsync(email, ct);
        if (account is null) return TypedResults.NotFound();
        var updated = account with
        {
            DisplayName = body.DisplayName?.Trim() ?? account.DisplayName,
            Role = body.Role ?? account.Role,
            PersonId = body.PersonId ?? account.PersonId,
            Disabled = body.Disabled ?? account.Disabled,
            // An admin's password reset also lifts a lock.
            LockedUntil = body.Password is null ? account.LockedUntil : null,
            FailedLogins = body.Password is null ? account.FailedLogins : 0,
        };
        if (body.Password is not null) updated = updated with { PasswordHash = hasher.HashPassword(updated, body.Password) };
        if (body.Role == Roles.Volunteer && string.IsNullOrWhiteSpace(updated.PersonId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["personId"] = ["A volunteer account must name the volunteer's person record."] });
        // Anything that changes what a session may do, or who may hold one, ends the sessions already issued.
        if (body.Password is not null || updated.Role != account.Role || updated.PersonId != account.PersonId || updated.Disabled != account.Disabled)
            updated = updated with { SessionStamp = AccountStore.NewStamp() };
        await store.UpdateAsync(updated, ct);
        await audit.RecordAsync(Caller.From(http.User), "account.update", null, $"Updated account {account.Email}", ct);
        return TypedResults.Ok(ToDto(updated));
    }

    private static AccountDto ToDto(Account a) => new(a.Email, a.DisplayName, a.Role, a.PersonId, a.Disabled, a.LockedUntil);
}
