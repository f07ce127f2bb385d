using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Certification;

/// <summary>
/// Pension certification in the access matrix (sample ids do not exist; bodies are {}). Staff run the campaigns and see
/// the retirees living elsewhere; a volunteer reads a paired retiree's certification, the home visits their paired
/// retirees need, and marks one done on a visit (others' retirees are 404).
/// </summary>
public static class CertificationAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/certification", 401, 403, 200, 200),
        new("POST", "/api/certification", 401, 403, 400, 400),
        new("GET", "/api/certification/{id}", 401, 403, 404, 404),
        new("POST", "/api/certification/{id}/refresh", 401, 403, 404, 404),
        new("POST", "/api/certification/{id}/remind", 401, 403, 404, 404),
        new("GET", "/api/certification/{id}/retirees", 401, 403, 404, 404),
        new("PUT", "/api/certification/{id}/retirees/{retireeId}", 401, 403, 404, 404),
        new("POST", "/api/certification/{id}/done", 401, 403, 404, 404),
        new("GET", "/api/certification/{id}/export", 401, 403, 404, 404),
        new("GET", "/api/certification/visits", 401, 200, 200, 200),
        new("GET", "/api/retirees/{id}/certification", 401, 404, 404, 404),
        new("POST", "/api/retirees/{id}/certification/visit", 401, 404, 404, 404),
        new("GET", "/api/elsewhere", 401, 403, 200, 200),
    ];
}
