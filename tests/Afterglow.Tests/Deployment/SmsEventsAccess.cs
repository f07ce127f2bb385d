using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Deployment;

/// <summary>The inbound queue's row in the access matrix: the poison count is for office staff.</summary>
public static class SmsEventsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/sms-events/poison", 401, 403, 200, 200),
    ];
}
