using Afterglow.App.Retirees;

namespace Afterglow.App.Groups;

/// <summary>A filter's group, as the ids of its members now: segments, broadcasts, lists and exports by group.</summary>
public sealed class GroupMembership(GroupStore store) : IGroupMembers
{
    public async Task<RetireeFilter> ResolveAsync(RetireeFilter filter, CancellationToken ct)
    {
        if (filter.GroupId is not { } id) return filter;
        var members = (await store.MembersAsync(id, ct)).Select(m => m.RetireeId).ToHashSet(StringComparer.Ordinal);
        return filter with { GroupMembers = members };
    }
}
