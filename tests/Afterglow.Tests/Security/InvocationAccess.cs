using Afterglow.Tests.Auth;

namespace Afterglow.Tests.Security;

/// <summary>
/// The invocation paths the Functions host calls (POST /{FunctionName}) in the access matrix. The tests run in
/// Development, where they answer anyone (timers run, an empty event is a 400); outside Development and the host
/// they are 404 (ProductionEdgeTests).
/// </summary>
public static class InvocationAccess
{
    private static readonly string[] Timers = ["BirthdayGreetings", "BroadcastSend", "EventReminders", "CarePlanRefresh", "CareWatch", "CheckInSweep", "ImportJobs", "NightlyAgeBands", "NightlyBackup", "NightlyPrune", "SmsDispatch"];
    private static readonly string[] Events = ["SmsDeliveryReport", "SmsEvents", "SmsReceived"];

    public static readonly IReadOnlyList<AccessRule> Expected =
    [
        .. Timers.Select(t => new AccessRule("POST", $"/{t}", 200, 200, 200, 200)),
        .. Events.Select(e => new AccessRule("POST", $"/{e}", 400, 400, 400, 400)),
    ];
}
