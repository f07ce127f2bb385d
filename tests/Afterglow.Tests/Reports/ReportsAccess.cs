using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Reports;

/// <summary>The reports' rows in the access matrix: the office's numbers are for staff.</summary>
public static class ReportsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/reports", 401, 403, 200, 200),
        new("GET", "/api/reports/year", 401, 403, 200, 200),
        new("GET", "/api/reports/year/export", 401, 403, 200, 200),
    ];
}
