using Afterglow.App.Configuration;
using Afterglow.App.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Afterglow.App.Auth;

/// <summary>Creates the first admin from AFTERGLOW_ADMIN_EMAIL/PASSWORD on first start, in the background so start-up stays fast.</summary>
public sealed class AdminBootstrap(AccountStore accounts, IPasswordHasher<Account> hasher, IConfiguration config, ILogger<AdminBootstrap> log, IHostApplicationLifetime life)
    : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sign-in waits for this so the first login after start never races the bootstrap.</summary>
    public Task Ready => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await life.WhenStartedAsync();
        try
        {
            var email = config[AppSettings.AdminEmail];
            var password = config[AppSettings.AdminPassword];
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return;
            if (await accounts.FindAsync(email, stoppingToken) is not null) return;
            var admin = new Account { Email = email.Trim(), DisplayName = "Administrator", Role = Roles.Admin };
            if (await accounts.AddAsync(admin with { PasswordHash = hasher.HashPassword(admin, password) }, stoppingToken))
                log.LogInformation("Created the first admin account {Email}", email);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Could not create the first admin account; sign-in will retry on the next start.");
        }
        finally { _done.TrySetResult(); }
    }
}
