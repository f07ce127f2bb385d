using Afterglow.App.Audit;
using Afterglow.App.Problems;
using Azure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Afterglow.App.Auth;

public sealed record LoginRequest(string? Email, string? Password);
public sealed record MeResponse(string Email, string DisplayName, string Role, string? PersonId, bool OidcEnabled);
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
        group.MapGet("/auth/oidc", (IConfiguration config) => config.OidcEnabled()
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/app/" }, ["OpenIdConnect"])
            : Results.Problem(statusCode: 404, title: "Entra ID sign-in is not configured.")).AllowAnonymous();
        group.MapGet("/me", Me).RequireAuthorization(Policies.SignedIn);

        var accounts = group.MapGroup("/accounts").RequireAuthorization(Policies.Admin);
        accounts.MapGet("/", async (AccountStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(ToDto)));
        accounts.MapPost("/", CreateAccountAsync);
        accounts.MapPut("/{email}", UpdateAccountAsync);
        return group;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult, ValidationProblem>> LoginAsync(
        LoginRequest body, AccountStore store, IPasswordHasher<Account> hasher, AdminBootstrap bootstrap,
        TimeProvider time, HttpContext http, IConfiguration config, AuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Email)) errors.Add("email", "Enter your email.");
        if (string.IsNullOrEmpty(body.Password)) errors.Add("password", "Enter your password.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        await bootstrap.Ready.WaitAsync(ct);
        var now = time.GetUtcNow();
        var account = await store.FindAsync(body.Email!, ct);
        var wrong = TypedResults.Problem(statusCode: 401, title: "Wrong email or password.");
        if (account is null || account.Disabled) return wrong;
        if (account.LockedUntil > now)
            return TypedResults.Problem(statusCode: 401, title: "This account is locked after repeated failed sign-ins.",
                detail: $"Try again after {account.LockedUntil:u}.", extensions: new Dictionary<string, object?> { ["lockedUntil"] = account.LockedUntil });

        var ok = hasher.VerifyHashedPassword(account, account.PasswordHash, body.Password!) != PasswordVerificationResult.Failed;
        var failures = ok ? 0 : account.FailedLogins + 1;
        var updated = account with
        {
            FailedLogins = failures >= MaxFailures ? 0 : failures,
            LockedUntil = failures >= MaxFailures ? now + LockFor : account.LockedUntil,
        };
        if (updated != account)
        {
            // A concurrent attempt changed the count: it is only a counter, so losing one increment is acceptable.
            try { await store.UpdateAsync(updated, ct); } catch (RequestFailedException e) when (e.Status == 412) { }
        }
        if (!ok)
        {
            await audit.RecordAsync(new Caller(AccountStore.Normalize(body.Email!), "", null), "auth.failed", null, "Failed sign-in", ct);
            return wrong;
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthExtensions.PrincipalFor(account, CookieAuthenticationDefaults.AuthenticationScheme));
        Xsrf.Issue(http.Response);
        return TypedResults.Ok(new MeResponse(account.Email, account.DisplayName, account.Role, account.PersonId, config.OidcEnabled()));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        http.Response.Cookies.Delete(Xsrf.CookieName);
        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(HttpContext http, IConfiguration config)
    {
        // The dashboard calls this first; it re-issues the anti-forgery cookie when the browser lost it.
        if (!http.Request.Cookies.ContainsKey(Xsrf.CookieName)) Xsrf.Issue(http.Response);
        var caller = Caller.From(http.User);
        return TypedResults.Ok(new MeResponse(caller.Email, http.User.Identity?.Name ?? caller.Email, caller.Role, caller.PersonId, config.OidcEnabled()));
    }

    private static async Task<Results<Created<AccountDto>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> CreateAccountAsync(
        NewAccountRequest body, AccountStore store, IPasswordHasher<Account> hasher, HttpContext http, AuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(body.Email) || !body.Email.Contains('@') || body.Email.Length > 200) errors.Add("email", "Enter a valid email address.");
        if (string.IsNullOrWhiteSpace(body.DisplayName) || body.DisplayName.Length > 100) errors.Add("displayName", "Enter a name of at most 100 characters.");
        if (body.Role is null || !Roles.All.Contains(body.Role)) errors.Add("role", "Role must be admin, coordinator or volunteer.");
        if (body.Password is null || body.Password.Length < 10 || body.Password.Length > 200) errors.Add("password", "A password needs 10 to 200 characters.");
        if (body.Role == Roles.Volunteer && string.IsNullOrWhiteSpace(body.PersonId)) errors.Add("personId", "A volunteer account must name the volunteer's person record.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var account = new Account { Email = body.Email!.Trim(), DisplayName = body.DisplayName!.Trim(), Role = body.Role!, PersonId = body.PersonId };
        account = account with { PasswordHash = hasher.HashPassword(account, body.Password!) };
        if (!await store.AddAsync(account, ct))
            return TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 409, Title = "An account with this email exists.", Extensions = { ["errors"] = new Dictionary<string, string[]> { ["email"] = ["This email is taken."] } } });
        await audit.RecordAsync(Caller.From(http.User), "account.create", null, $"Created {account.Role} account {account.Email}", ct);
        return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(account.Email)}", ToDto(account));
    }

    private static async Task<Results<Ok<AccountDto>, NotFound, ValidationProblem>> UpdateAccountAsync(
        string email, AccountUpdateRequest body, AccountStore store, IPasswordHasher<Account> hasher, HttpContext http, AuditLog audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Role is not null && !Roles.All.Contains(body.Role)) errors.Add("role", "Role must be admin, coordinator or volunteer.");
        if (body.Password is not null && (body.Password.Length < 10 || body.Password.Length > 200)) errors.Add("password", "A password needs 10 to 200 characters.");
        if (body.DisplayName is not null && (body.DisplayName.Trim().Length == 0 || body.DisplayName.Length > 100)) errors.Add("displayName", "Enter a name of at most 100 characters.");
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
        await store.UpdateAsync(updated, ct);
        await audit.RecordAsync(Caller.From(http.User), "account.update", null, $"Updated account {account.Email}", ct);
        return TypedResults.Ok(ToDto(updated));
    }

    private static AccountDto ToDto(Account a) => new(a.Email, a.DisplayName, a.Role, a.PersonId, a.Disabled, a.LockedUntil);
}
