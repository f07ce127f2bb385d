using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Sms;

/// <summary>The SMS feature's rows in the access matrix (sample ids do not exist and "x1" is not a phone number; bodies are {}).</summary>
public static class SmsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        // Development only (the tests run in Development); absent in production.
        new("GET", "/api/dev/phone", 401, 403, 200, 200),
        new("GET", "/api/dev/phone/{number}", 401, 403, 400, 400),
        new("PUT", "/api/dev/phone/{number}", 401, 403, 400, 400),
        new("POST", "/api/dev/phone/{number}/reply", 401, 403, 400, 400),
    ];
}
