using System.Security.Claims;
using System.Threading.RateLimiting;
using Afterglow.App.Configuration;
using Afterglow.App.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Afterglow.App.Auth;

public static class AuthExtensions
{
    public const string LoginRateLimit = "login";
    public const string CookieName = "afterglow";

    public static IServiceCollection AddAfterglowAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddSettings<AuthOptions>(AuthOptions.Section, (c, o) => c.Bind(o));
        services.AddSingleton<AccountStore>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<AdminBootstrap>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminBootstrap>());

        // Session cookies must survive restarts and scale-out, so the keys live in Blob Storage.
        services.AddDataProtection().SetApplicationName("afterglow");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, BlobKeyRepositorySetup>();

        var auth = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = Sessions.Idle;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
                // An API answers 401/403; it never redirects to a login page.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
            });
        // The app's clock (tests move it); Secure cookies outside Development, whatever the request looked like.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<TimeProvider, IHostEnvironment>((o, time, env) =>
            {
                o.TimeProvider = time;
                o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            });

        // Whether there is an Entra ID scheme at all is decided here; its values come from the checked AuthOptions.
        if (config.OidcEnabled())
        {
            auth.AddOpenIdConnect(o =>
            {
                o.ResponseType = "code";
                o.CallbackPath = "/api/auth/oidc/callback";
                o.Scope.Add("email");
                o.Events.OnTokenValidated = OidcSignIn.MapToAccountAsync;
            });
            services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme).Configure<AuthOptions>((o, a) =>
            {
                o.Authority = a.Oidc.Authority;
                o.ClientId = a.Oidc.ClientId;
                o.ClientSecret = a.Oidc.ClientSecret;
            });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.SignedIn, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Admin, Roles.Coordinator))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, PolicyProvider>();

        // Ten attempts a minute per client address (the real one: Hosting's forwarded headers) and, in the
        // handler, per account: plenty for a person, too few to guess passwords, and one attacker cannot lock out the office.
        services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<AuthOptions>().LoginAttemptsPerMinute));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<AuthOptions>().LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                }));
        });

        // The framework pre-loads the key ring at start-up, a blocking blob read on a cold start; the first
        // sign-in loads it instead, so a timer invocation or health check is not kept waiting.
        foreach (var preload in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
            services.Remove(preload);
        return services;
    }

    public static bool OidcEnabled(this IConfiguration config) => Settings.OrNull(config[StorageAccount.Key(AppSettings.OidcAuthority)]) is not null;
}

/// <summary>Entra ID sign-in is only for people who already have an account here; it never creates one.</summary>
internal static class OidcSignIn
{
    public static async Task MapToAccountAsync(TokenValidatedContext context)
    {
        var email = context.Principal?.FindFirstValue("preferred_username") ?? context.Principal?.FindFirstValue(ClaimTypes.Email);
        var store = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var account = email is null ? null : await store.FindAsync(email, context.HttpContext.RequestAborted);
        if (account is null || account.Disabled)
        {
            context.Fail("No Afterglow account for this sign-in.");
            return;
        }
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Principal = Sessions.PrincipalFor(account, CookieAuthenticationDefaults.AuthenticationScheme, now);
    }
}
