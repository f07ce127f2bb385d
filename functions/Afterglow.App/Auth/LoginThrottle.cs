using System.Threading.RateLimiting;

namespace Afterglow.App.Auth;

/// <summary>
/// Sign-in attempts per account, on top of the per-address limit: many addresses guessing one account are
/// slowed down here, and the lockout (counted in storage) holds across instances.
/// </summary>
public sealed class LoginThrottle(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public bool TryAttempt(string email)
    {
        using var lease = _limiter.AttemptAcquire(AccountStore.Normalize(email));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
