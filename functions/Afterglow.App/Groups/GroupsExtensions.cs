using Afterglow.App.Retirees;

namespace Afterglow.App.Groups;

public static class GroupsExtensions
{
    /// <summary>Groups: the store, and the members behind a filter's groupId (segments and broadcasts by group).</summary>
    public static IServiceCollection AddGroups(this IServiceCollection services)
    {
        services.AddSingleton<GroupStore>();
        services.AddSingleton<IGroupMembers, GroupMembership>();
        return services;
    }

    public static void MapGroups(this IEndpointRouteBuilder routes)
    {
        routes.MapGroupsApi();
        routes.MapMembers();
        routes.MapMeetings();
    }
}
