using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Events;

/// <summary>
/// Events in the access matrix (sample ids do not exist; bodies are {}). Staff manage everything; volunteers get
/// nothing of the office's events, only their paired retirees' invitations on the retiree's page (others are 404).
/// </summary>
public static class EventsAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("GET", "/api/events", 401, 403, 200, 200),
        new("POST", "/api/events", 401, 403, 400, 400),
        new("GET", "/api/events/{id}", 401, 403, 404, 404),
        new("PUT", "/api/events/{id}", 401, 403, 404, 404),
        new("POST", "/api/events/{id}/invite", 401, 403, 404, 404),
        new("POST", "/api/events/{id}/cancel", 401, 403, 404, 404),
        new("GET", "/api/events/{id}/attendees", 401, 403, 404, 404),
        new("POST", "/api/events/{id}/attendees", 401, 403, 404, 404),
        new("PUT", "/api/events/{id}/attendees/{retireeId}/attendance", 401, 403, 404, 404),
        new("GET", "/api/events/{id}/export", 401, 403, 404, 404),
        new("GET", "/api/retirees/{id}/events", 401, 404, 404, 404),
    ];
}
