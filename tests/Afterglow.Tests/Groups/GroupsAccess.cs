using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Groups;

/// <summary>
/// Groups in the access matrix (sample ids do not exist; bodies are {}). Staff run groups, classes and branches;
/// volunteers get none of it, only their paired retirees' groups on the retiree's page (others are 404).
/// </summary>
public static class GroupsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/groups", 401, 403, 200, 200),
        new("POST", "/api/groups", 401, 403, 400, 400),
        new("GET", "/api/groups/{id}", 401, 403, 404, 404),
        new("PUT", "/api/groups/{id}", 401, 403, 404, 404),
        new("GET", "/api/groups/{id}/members", 401, 403, 404, 404),
        new("POST", "/api/groups/{id}/members", 401, 403, 404, 404),
        new("PUT", "/api/groups/{id}/members/{retireeId}", 401, 403, 404, 404),
        new("DELETE", "/api/groups/{id}/members/{retireeId}", 401, 403, 404, 404),
        new("GET", "/api/groups/{id}/meetings", 401, 403, 404, 404),
        new("POST", "/api/groups/{id}/meetings", 401, 403, 404, 404),
        new("DELETE", "/api/groups/{id}/meetings/{meetingId}", 401, 403, 404, 404),
        new("GET", "/api/retirees/{id}/groups", 401, 404, 404, 404),
    ];
}
