using Afterglow.Tests.Auth;

namespace Afterglow.Tests.VisitPlans;

/// <summary>
/// Visit plans in the access matrix (sample ids do not exist; bodies are {}). Staff make and change plans; anyone
/// signed in reads the due list (a volunteer only their paired retirees' tasks) and marks a task done, where an
/// unknown plan or retiree — or someone else's retiree — is 404 before the body is read.
/// </summary>
public static class VisitPlansAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/visitplans", 401, 403, 200, 200),
        new("POST", "/api/visitplans", 401, 403, 400, 400),
        new("GET", "/api/visitplans/{id}", 401, 403, 404, 404),
        new("PUT", "/api/visitplans/{id}", 401, 403, 404, 404),
        new("GET", "/api/visitplans/tasks", 401, 200, 200, 200),
        new("POST", "/api/visitplans/{id}/tasks/{retireeId}/done", 401, 404, 404, 404),
    ];
}
