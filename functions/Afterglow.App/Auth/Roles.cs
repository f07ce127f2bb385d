using System.Security.Claims;

namespace Afterglow.App.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string Coordinator = "coordinator";
    public const string Volunteer = "volunteer";
    public static readonly string[] All = [Admin, Coordinator, Volunteer];
}

/// <summary>Deny by default: every endpoint names one of these (or is explicitly anonymous).</summary>
public static class Policies
{
    /// <summary>Any signed-in person: admin, coordinator or volunteer (volunteers then see only their own).</summary>
    public const string SignedIn = "signed-in";
    /// <summary>Office staff: coordinators and admins.</summary>
    public const string Staff = "staff";
    public const string Admin = "admin";
}

public static class ClaimNames
{
    public const string PersonId = "afterglow/person";
}

/// <summary>Who is calling, as the handlers need it.</summary>
public sealed record Caller(string Email, string Role, string? PersonId)
{
    /// <summary>The account's display name, as records name their author (the email when the session has none).</summary>
    public string Name { get => string.IsNullOrWhiteSpace(_name) ? Email : _name; init => _name = value; }
    private readonly string? _name;

    public bool IsStaff => Role is Roles.Admin or Roles.Coordinator;
    public bool IsVolunteer => Role == Roles.Volunteer;

    /// <summary>
    /// Whether the caller may see a retiree's records (the record, its check-ins, incidents, visits…): staff all of them,
    /// a volunteer those of the retirees paired with them (<paramref name="volunteerIds"/>), anyone else none.
    /// </summary>
    public bool MaySee(IEnumerable<string> volunteerIds) => IsStaff || (IsVolunteer && PersonId is not null && volunteerIds.Contains(PersonId));

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindFirstValue(ClaimNames.PersonId)) { Name = user.FindFirstValue(ClaimTypes.Name) ?? "" };

    /// <summary>For timer jobs and other work the system does on its own.</summary>
    public static readonly Caller System = new("system", Roles.Admin, null);
}
