using Afterglow.App.Configuration;
using Afterglow.App.Storage;

namespace Afterglow.App.Events;

/// <summary>Events (Events:*): when the day-before reminder goes, and the default text for retirees living elsewhere.</summary>
public sealed record EventsOptions : ISettings
{
    public const string Section = "Events";
    public const string DefaultElsewhereText = "如在外地居住，可就近参加当地安排，详情请来电咨询。";

    /// <summary>Office time on the day before the event, HH:mm.</summary>
    public string ReminderAt { get; set => field = Settings.OrDefault(value, "10:00"); } = "10:00";
    public string ElsewhereText { get; set => field = Settings.OrDefault(value, DefaultElsewhereText); } = DefaultElsewhereText;

    public TimeOnly ReminderTime => TimeOnly.TryParseExact(ReminderAt, "HH:mm", out var t) ? t : new TimeOnly(10, 0);

    public IEnumerable<string> Problems()
    {
        if (!TimeOnly.TryParseExact(ReminderAt, "HH:mm", out _)) yield return $"{StorageAccount.Key(AppSettings.EventsReminderAt)} must be a time as HH:mm, e.g. 10:00 (is \"{ReminderAt}\").";
        if (ElsewhereText.Length > EventValidation.MaxElsewhere) yield return $"{StorageAccount.Key(AppSettings.EventsElsewhereText)} must be at most {EventValidation.MaxElsewhere} characters.";
    }
}
