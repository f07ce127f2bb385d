using Afterglow.Tests.Auth;

namespace Afterglow.Tests.CheckIns;

/// <summary>Replies to read (staff) and call outcomes (staff, and volunteers for their own retirees); sample ids do not exist, bodies are {}.</summary>
public static class RepliesAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("POST", "/api/messages/inbox/{id}/answer", 401, 403, 404, 404),
        new("POST", "/api/checkins/{id}/call", 401, 404, 404, 404),
    ];
}
