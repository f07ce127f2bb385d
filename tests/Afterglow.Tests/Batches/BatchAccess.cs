using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Batches;

/// <summary>Batch work and the broadcast approval rule in the access matrix (bodies are {}: staff get the field errors).</summary>
public static class BatchAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("POST", "/api/retirees/pairings", 401, 403, 400, 400),
        new("POST", "/api/visits/batch", 401, 403, 400, 400),
        new("POST", "/api/incidents/resolve", 401, 403, 400, 400),
        new("GET", "/api/broadcasts/approval-rule", 401, 403, 200, 200),
        new("PUT", "/api/broadcasts/approval-rule", 401, 403, 403, 400),
        // The last week's mass check-ins with their tallies (the page shows them after a reload).
        new("GET", "/api/checkins/mass", 401, 403, 200, 200),
    ];
}
