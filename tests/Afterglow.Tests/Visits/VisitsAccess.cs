using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Visits;

/// <summary>The visit log's rows in the access matrix (sample ids do not exist; bodies are {}).</summary>
public static class VisitsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        // Anyone signed in may try; an unknown (or someone else's) retiree is 404 before the body is read.
        new("GET", "/api/retirees/{id}/visits/", 401, 404, 404, 404),
        new("POST", "/api/retirees/{id}/visits/", 401, 404, 404, 404),
        new("DELETE", "/api/retirees/{id}/visits/{visitId}", 401, 403, 404, 404),
        // from and to are required.
        new("GET", "/api/visits/", 401, 403, 400, 400),
        new("GET", "/api/visits/coverage", 401, 403, 400, 400),
    ];
}
