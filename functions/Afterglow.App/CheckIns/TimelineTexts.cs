using System.Globalization;
using Afterglow.Domain.CheckIns;

namespace Afterglow.App.CheckIns;

/// <summary>
/// What a timeline line (or a resolution written by the system) says, as a code with its parameters for the
/// dashboard to word in the reader's language, and the same in English for logs, backups and older readers.
/// Instants travel as ISO 8601 UTC (the dashboard shows them in office time); enum values in camelCase.
/// </summary>
public sealed record EventText(string Code, IReadOnlyDictionary<string, string> Args, string English);

/// <summary>Every line the system writes, in one place: a new line is a new code here and in both string tables (event.*).</summary>
public static class TimelineTexts
{
    private static string Iso(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    internal static string Camel<T>(T value) where T : struct, Enum => JsonNamingCamel(value.ToString());
    private static string JsonNamingCamel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
    private static EventText Of(string code, string english, params (string Key, string Value)[] args) =>
        new(code, args.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal), english);

    public static EventText MissedOpened(DateTimeOffset sentAt, string sentLocal, int minutes) =>
        Of("opened.missed", $"The check-in sent at {sentLocal} was not answered within {minutes} minutes.", ("sentAt", Iso(sentAt)), ("minutes", minutes.ToString(CultureInfo.InvariantCulture)));

    public static EventText MissedAgain(DateTimeOffset dueAt, string dueLocal) =>
        Of("note.missedAgain", $"The check-in of {dueLocal} was not answered either.", ("dueAt", Iso(dueAt)));

    public static EventText CallWindowOpened(DateTimeOffset until, string untilLocal, string? callCode) =>
        Of("opened.callWindow", $"Nobody recorded reaching them by phone by {untilLocal} (call task {callCode}).", ("until", Iso(until)), ("callCode", callCode ?? ""));

    public static EventText CallNotReachedOpened(string by) => Of("opened.callNotReached", $"{by} could not reach them by phone.", ("by", by));

    public static EventText HelpOpened(DateTimeOffset at, string local) => Of("opened.help", $"The retiree asked for help at {local}.", ("at", Iso(at)));

    public static EventText HelpAgain(DateTimeOffset at, string local) => Of("note.helpAgain", $"The retiree asked for help again at {local}.", ("at", Iso(at)));

    public static EventText HelpTookOver(DateTimeOffset at, string local) =>
        Of("resolution.helpTookOver", $"The retiree asked for help at {local}; an urgent incident took over.", ("at", Iso(at)));

    /// <summary>The check-in SMS failed; <paramref name="movedToCalls"/> when that moved the plan to phone calls.</summary>
    public static EventText UndeliveredOpened(string reason, bool movedToCalls) =>
        Of(movedToCalls ? "opened.undelivered.toCalls" : "opened.undelivered", $"The check-in SMS could not be delivered: {reason}.{Moved(movedToCalls)}", ("reason", reason));

    public static EventText UndeliveredAgain(string reason, bool movedToCalls) =>
        Of(movedToCalls ? "note.undeliveredAgain.toCalls" : "note.undeliveredAgain", $"The check-in SMS could not be delivered again: {reason}.{Moved(movedToCalls)}", ("reason", reason));

    private static string Moved(bool moved) => moved ? " Check-ins now go by phone: a call task for the volunteer each time." : "";

    public static EventText AlertUndelivered(string phone, string reason) =>
        Of("note.alertUndelivered", $"The SMS to {phone} could not be delivered: {reason}.", ("phone", phone), ("reason", reason));

    public static EventText DeclinedUnreachable(string reason) => Of("declined.unreachable", $"Not reachable by SMS ({reason}).", ("reason", reason));

    public static EventText DeclinedNo(string name) => Of("declined.no", $"{name} replied NO: cannot reach them.", ("name", name));

    public static EventText Step(StepPlan plan, bool nobody)
    {
        var level = plan.Level.ToString(CultureInfo.InvariantCulture);
        var what = plan.Level == 0 ? $"Reminder {plan.Round}: acknowledged but not resolved" : $"Level {plan.Level}{(plan.Round > 1 ? $" (repeat {plan.Round - 1})" : "")}: {plan.Target}";
        var code = (plan.Level == 0 ? "reminder" : plan.Round > 1 ? "levelRepeat" : "level") + (nobody ? ".nobody" : "");
        return Of(code, nobody ? $"{what}; nobody to notify, moving on." : $"{what}.",
            ("level", level), ("round", plan.Round.ToString(CultureInfo.InvariantCulture)), ("repeat", (plan.Round - 1).ToString(CultureInfo.InvariantCulture)), ("target", Camel(plan.Target)));
    }

    public static EventText Notified(Recipient r) => Of("notified", $"SMS to {r.Name} ({r.Role})", ("name", r.Name), ("role", Camel(r.Role)));

    public static EventText Exhausted() => Of("exhausted", "The ladder has run out; the incident stays open on the dashboard.");

    public static EventText RegistryDeceased() => Of("resolution.registryDeceased", "The registry records the retiree as deceased; escalation stopped.");

    public static EventText ResolvedByRegistry() => Of("resolved.registry", "Resolved: deceased (from the registry); escalation stopped.", ("outcome", "deceased"));

    /// <summary>A resolution's line: the outcome, and the note as written (a person's words), or a system note's code.</summary>
    public static EventText Resolved(Resolution r) =>
        Of("resolved", $"Resolved: {r.Outcome}. {r.Note}".Trim(),
            [("outcome", Camel(r.Outcome)), ("note", r.NoteCode is null ? r.Note : ""), ("noteCode", r.NoteCode ?? ""),
             .. (r.NoteArgs ?? new Dictionary<string, string>()).Where(a => a.Key is not ("outcome" or "note" or "noteCode")).Select(a => (a.Key, a.Value))]);

    public static EventText Acknowledged(Acknowledgement a) => Of("acknowledged", $"Acknowledged by {a.By} ({a.Via}).", ("by", a.By), ("via", a.Via));

    public static EventText Note(string text) => Of("note", text, ("text", text));

    public static EventText ResolvedBySms(string name, RecipientRole? role, string text) =>
        Of("resolution.bySms", $"Resolved by SMS from {name} ({role}): “{text}”", ("name", name), ("role", role is { } x ? Camel(x) : ""), ("text", text));

    /// <summary>A field report; <paramref name="incidents"/> &gt; 1 when the sender gave no code and it went to the most recent.</summary>
    public static EventText FieldReport(string text, int incidents, string code) => incidents > 1
        ? Of("fieldReport.mostRecent", $"{text}\n(This number was alerted on {incidents} open incidents and gave no code: attached to the most recent ({code}).)",
            ("text", text), ("count", incidents.ToString(CultureInfo.InvariantCulture)), ("code", code))
        : Of("fieldReport", text, ("text", text));
}
