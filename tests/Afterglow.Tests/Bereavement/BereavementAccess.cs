using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Bereavement;

/// <summary>
/// Bereavement in the access matrix (sample ids do not exist; bodies are {}). Staff record deaths and work the
/// checklists; a volunteer reads the case only on a paired retiree's page (others are 404) and changes nothing.
/// </summary>
public static class BereavementAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/bereavements", 401, 403, 200, 200),
        new("POST", "/api/retirees/{id}/death", 401, 403, 404, 404),
        new("GET", "/api/retirees/{id}/bereavement", 401, 404, 404, 404),
        new("PUT", "/api/retirees/{id}/bereavement/items/{item}", 401, 403, 404, 404),
        new("PUT", "/api/retirees/{id}/bereavement/nextOfKin", 401, 403, 404, 404),
    ];
}
