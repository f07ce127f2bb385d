using Afterglow.Tests.Auth;

namespace Afterglow.Tests.CheckIns;

/// <summary>Replies to read: marking what an unclear answer meant is staff work (sample ids do not exist; bodies are {}).</summary>
public static class RepliesAccess
{
    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        new("POST", "/api/messages/inbox/{id}/answer", 401, 403, 404, 404),
    ];
}
