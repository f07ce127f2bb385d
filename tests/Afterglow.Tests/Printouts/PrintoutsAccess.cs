using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Printouts;

/// <summary>
/// Printouts in the access matrix (empty query: staff must choose whom, a field error). Anyone signed in may ask; a
/// volunteer gets only their paired retirees (proved with real records in <see cref="PrintoutsApiTests"/>), so
/// their cards and route need no filter: a 200.
/// </summary>
public static class PrintoutsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/printouts/cards", 401, 200, 400, 400),
        new("GET", "/api/printouts/route", 401, 200, 400, 400),
    ];
}
