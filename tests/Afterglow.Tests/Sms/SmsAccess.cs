using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Sms;

/// <summary>The SMS feature's rows in the access matrix (sample ids do not exist and "x1" is not a phone number; bodies are {}).</summary>
public static class SmsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/messages", 401, 403, 200, 200),
        new("POST", "/api/messages/estimate", 401, 403, 400, 400),
        new("GET", "/api/messages/inbox", 401, 403, 200, 200),
        new("POST", "/api/messages/inbox/{id}/handled", 401, 403, 404, 404),
        new("POST", "/api/messages/inbox/{id}/reply", 401, 403, 404, 404),
        new("GET", "/api/messages/optouts", 401, 403, 200, 200),
        new("GET", "/api/templates", 401, 403, 200, 200),
        new("POST", "/api/templates", 401, 403, 403, 400),
        new("PUT", "/api/templates/{id}", 401, 403, 403, 404),
        new("GET", "/api/segments", 401, 403, 200, 200),
        new("POST", "/api/segments", 401, 403, 400, 400),
        new("POST", "/api/segments/count", 401, 403, 400, 400),
        new("PUT", "/api/segments/{id}", 401, 403, 404, 404),
        new("DELETE", "/api/segments/{id}", 401, 403, 404, 404),
        new("GET", "/api/broadcasts", 401, 403, 200, 200),
        new("POST", "/api/broadcasts", 401, 403, 400, 400),
        new("GET", "/api/broadcasts/{id}", 401, 403, 404, 404),
        new("PUT", "/api/broadcasts/{id}", 401, 403, 404, 404),
        new("GET", "/api/broadcasts/{id}/preview", 401, 403, 404, 404),
        new("POST", "/api/broadcasts/{id}/approve", 401, 403, 404, 404),
        new("POST", "/api/broadcasts/{id}/cancel", 401, 403, 404, 404),
        new("GET", "/api/broadcasts/{id}/recipients", 401, 403, 404, 404),
        new("GET", "/api/broadcasts/{id}/answers", 401, 403, 404, 404),
        // The mainland providers' callbacks: anyone may call, the secret in the path decides ("x1" is wrong: 404 for all).
        new("GET", "/api/sms/aliyun/{secret}/report", 404, 404, 404, 404),
        new("GET", "/api/sms/aliyun/{secret}/up", 404, 404, 404, 404),
        new("POST", "/api/sms/aliyun/{secret}/report", 404, 404, 404, 404),
        new("POST", "/api/sms/aliyun/{secret}/up", 404, 404, 404, 404),
        new("POST", "/api/sms/tencent/{secret}/status", 404, 404, 404, 404),
        new("POST", "/api/sms/tencent/{secret}/reply", 404, 404, 404, 404),
        // Development only (the tests run in Development); absent in production.
        new("GET", "/api/dev/phone", 401, 403, 200, 200),
        new("GET", "/api/dev/phone/{number}", 401, 403, 400, 400),
        new("PUT", "/api/dev/phone/{number}", 401, 403, 400, 400),
        new("POST", "/api/dev/phone/{number}/reply", 401, 403, 400, 400),
    ];
}
