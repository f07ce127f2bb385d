namespace Afterglow.App.Reports;

/// <summary>What the reports count, one name per kind; each kind's states are the item's own state names as the API writes them (camelCase).</summary>
public static class ReportKinds
{
    /// <summary>A day's check-ins by status (sent, answered, missed, undelivered), on the office day they were due.</summary>
    public const string CheckIn = "checkin";
    /// <summary>Check-ins of mass check-ins (heatwave, typhoon), by status, on the day they were sent.</summary>
    public const string MassCheckIn = "mass";
    /// <summary>Incidents opened, by kind (missed, undelivered, help …), on the day they opened.</summary>
    public const string IncidentOpened = "incident.opened";
    /// <summary>Incidents acknowledged, by how long it took (<see cref="AckBuckets"/>), on the day of the acknowledgement.</summary>
    public const string IncidentAcknowledged = "incident.ack";
    /// <summary>Incidents resolved, by outcome, on the day they were resolved.</summary>
    public const string IncidentResolved = "incident.resolved";
    /// <summary>SMS handed to the gateway, by purpose; amount = segments. On the day sent.</summary>
    public const string SmsSent = "sms.sent";
    /// <summary>SMS finished (delivered, failed, expired, cancelled), on the day sent (or queued, if never sent).</summary>
    public const string SmsOutcome = "sms.outcome";
    /// <summary>Visits logged, by kind, on the visit's date; a deleted visit moves to "deleted".</summary>
    public const string Visit = "visit";
    /// <summary>Deaths recorded (state "recorded"), on the day of death; one per retiree however often it is recorded.</summary>
    public const string Death = "death";

    /// <summary>Every kind, for checking a kind named in a request.</summary>
    public static readonly string[] All = [CheckIn, MassCheckIn, IncidentOpened, IncidentAcknowledged, IncidentResolved, SmsSent, SmsOutcome, Visit, Death];

    /// <summary>Upper bounds in minutes of the time-to-acknowledge histogram; the last bucket is everything longer.</summary>
    public static readonly int[] AckBuckets = [5, 15, 30, 60, 120, 240, 480, 1440];

    /// <summary>The bucket a time to acknowledge falls in: "le15" (at most 15 minutes) … "over1440".</summary>
    public static string AckBucket(TimeSpan took)
    {
        foreach (var limit in AckBuckets)
            if (took.TotalMinutes <= limit) return $"le{limit}";
        return $"over{AckBuckets[^1]}";
    }

    public static string State<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
