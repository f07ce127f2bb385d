using Afterglow.Tests.Auth;

namespace Afterglow.Tests.VisitPlans;

/// <summary>The annual memo in the access matrix: staff only; a year that is no year ("x1") is 404.</summary>
public static class MemoAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/memos/{year}", 401, 403, 404, 404),
        new("PUT", "/api/memos/{year}", 401, 403, 404, 404),
        new("GET", "/api/memos/{year}/export", 401, 403, 404, 404),
        new("POST", "/api/memos/{year}/send", 401, 403, 404, 404),
    ];
}
