using System.Text.Json.Nodes;

namespace Afterglow.App.Sms;

/// <summary>
/// The dev phone's replies and delivery reports as ACS sends them through Event Grid (azure-notes B.6): one event in
/// the Event Grid schema per queue message, SMSReceived or SMSDeliveryReportReceived, so standalone they take the
/// queue and the function Azure uses. Numbers in data are E.164; the subject is our ACS number without "+", as in ACS's samples.
/// </summary>
public static class DevPhoneEvents
{
    private const string Topic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dev/providers/Microsoft.Communication/communicationServices/dev-phone";

    public static JsonObject Received(InboundSms sms, string ourNumber) => Event("Microsoft.Communication.SMSReceived", ourNumber, sms.ReceivedAt, new JsonObject
    {
        ["messageId"] = sms.MessageId, ["from"] = sms.From, ["to"] = ourNumber, ["message"] = sms.Text,
        ["receivedTimestamp"] = sms.ReceivedAt.ToString("O"), ["segmentCount"] = 1,
    });

    public static JsonObject DeliveryReport(DeliveryReport report, string ourNumber) => Event("Microsoft.Communication.SMSDeliveryReportReceived", ourNumber, report.At, new JsonObject
    {
        ["messageId"] = report.MessageId, ["from"] = ourNumber, ["to"] = report.To,
        ["deliveryStatus"] = report.Delivered ? "Delivered" : "Failed", ["deliveryStatusDetails"] = report.Details ?? "No error.",
        ["deliveryAttempts"] = new JsonArray(new JsonObject
        {
            ["timestamp"] = report.At.ToString("O"), ["segmentsSucceeded"] = report.Delivered ? 1 : 0, ["segmentsFailed"] = report.Delivered ? 0 : 1,
        }),
        ["receivedTimestamp"] = report.At.ToString("O"), ["tag"] = report.Tag,
    });

    private static JsonObject Event(string type, string subjectNumber, DateTimeOffset at, JsonObject data) => new()
    {
        ["id"] = Guid.NewGuid().ToString(), ["topic"] = Topic, ["subject"] = "/phonenumber/" + subjectNumber.TrimStart('+'),
        ["eventType"] = type, ["eventTime"] = at.ToString("O"), ["data"] = data, ["dataVersion"] = "1.0", ["metadataVersion"] = "1",
    };
}
