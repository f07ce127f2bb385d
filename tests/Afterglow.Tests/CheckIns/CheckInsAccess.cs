using Afterglow.Tests.Auth;

namespace Afterglow.Tests.CheckIns;

/// <summary>The check-ins feature's rows in the access matrix (sample ids do not exist; bodies are {}).</summary>
public static class CheckInsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/checkins", 401, 200, 200, 200),
        new("GET", "/api/checkins/recent", 401, 400, 400, 400), // the retiree is required
        new("GET", "/api/checkins/health", 401, 403, 200, 200),
        new("POST", "/api/checkins/mass", 401, 403, 400, 400),
        new("GET", "/api/checkins/mass/{id}", 401, 403, 404, 404),
        new("GET", "/api/incidents", 401, 200, 200, 200),
        new("GET", "/api/incidents/policy", 401, 403, 200, 200),
        new("PUT", "/api/incidents/policy", 401, 403, 403, 400),
        new("GET", "/api/incidents/history", 401, 200, 200, 200),
        new("GET", "/api/incidents/history/export", 401, 403, 400, 400), // the period is required
        new("GET", "/api/incidents/open", 401, 200, 200, 200),
        new("GET", "/api/incidents/{id}", 401, 404, 404, 404),
        new("POST", "/api/incidents/{id}/acknowledge", 401, 404, 404, 404),
        new("POST", "/api/incidents/{id}/resolve", 401, 404, 404, 404),
        new("POST", "/api/incidents/{id}/notes", 401, 404, 404, 404),
        new("GET", "/api/careplans/{retireeId}", 401, 403, 404, 404),
        new("PUT", "/api/careplans/{retireeId}", 401, 403, 404, 404),
        new("GET", "/api/roster", 401, 403, 200, 200),
        new("PUT", "/api/roster", 401, 403, 400, 400),
        new("GET", "/api/roster/away/{personId}", 401, 403, 404, 404),
        new("PUT", "/api/roster/away/{personId}", 401, 403, 404, 404),
        // Development only (the tests run in Development); absent in production.
        new("POST", "/api/dev/clock/advance", 401, 403, 400, 400),
    ];
}
