using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Subsidies;

/// <summary>Subsidies in the access matrix: staff only (amounts and hardship are not a volunteer's business); admins set the rules.</summary>
public static class SubsidiesAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/subsidies/rules", 401, 403, 200, 200),
        new("PUT", "/api/subsidies/rules", 401, 403, 403, 428),
        new("GET", "/api/subsidies/year", 401, 403, 200, 200),
        new("GET", "/api/subsidies/month", 401, 403, 200, 200),
        new("GET", "/api/subsidies/export", 401, 403, 200, 200),
        new("GET", "/api/retirees/{id}/subsidy", 401, 403, 404, 404),
        new("PUT", "/api/retirees/{id}/hardship", 401, 403, 404, 404),
    ];
}
