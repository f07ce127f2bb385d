namespace Afterglow.Domain.Events;

/// <summary>
/// The events' SMS, registered like every other template (the app's SmsTemplates.Defaults, docs/sms-templates-china.md). "1 {code}"
/// names the event in a reply when a bare 1 would answer a check-in (ADR 0017).
/// </summary>
public static class EventTemplates
{
    public const string Invite = "event.invite";
    public const string Elsewhere = "event.elsewhere";
    public const string Joined = "event.joined";
    public const string Waiting = "event.waiting";
    public const string Declined = "event.declined";
    public const string PlaceFreed = "event.placeFreed";
    public const string Reminder = "event.reminder";
    public const string Hint = "event.hint";

    /// <summary>(id, zh-CN, en, description).</summary>
    public static readonly IReadOnlyList<(string Id, string ZhCn, string En, string Description)> All =
    [
        (Invite, "【{office}】{name}您好：{title}定于{when}在{place}举行。回复1报名，回复0不参加（也可回复“1 {code}”）。",
            "[{office}] Dear {name}: {title} on {when} at {place}. Reply 1 to join, 0 to decline (or 1 {code}).", "Event invitation"),
        (Elsewhere, "【{office}】{name}您好：{title}定于{when}举行。{alternative}",
            "[{office}] Dear {name}: {title} on {when}. {alternative}", "Event invitation to a retiree living elsewhere"),
        (Joined, "【{office}】{name}您好：您已报名{title}，{when}在{place}。如不能参加请回复“0 {code}”。",
            "[{office}] Dear {name}: you have a place at {title}, {when} at {place}. If you cannot come, reply 0 {code}.", "Event sign-up confirmed"),
        (Waiting, "【{office}】{name}您好：{title}名额已满，您在候补名单第{position}位，有空位时短信通知您。",
            "[{office}] Dear {name}: {title} is full. You are number {position} on the waiting list; we will text you if a place frees up.", "Event full: on the waiting list"),
        (Declined, "【{office}】{name}您好：已登记您不参加{title}。如改变主意请回复“1 {code}”。",
            "[{office}] Dear {name}: noted that you will not come to {title}. If you change your mind, reply 1 {code}.", "Event declined"),
        (PlaceFreed, "【{office}】{name}您好：{title}有空位，已为您报名，{when}在{place}。如不能参加请回复“0 {code}”。",
            "[{office}] Dear {name}: a place at {title} is free and it is yours: {when} at {place}. If you cannot come, reply 0 {code}.", "A place from the waiting list"),
        (Reminder, "【{office}】{name}您好：提醒您明天{time}在{place}参加{title}。如不能参加请回复“0 {code}”。",
            "[{office}] Dear {name}: a reminder of {title} tomorrow at {time}, {place}. If you cannot come, reply 0 {code}.", "The day before an event"),
        (Hint, "【{office}】{name}您好：您的回复已作为平安回复收到。如要报名{title}，请回复“1 {code}”。",
            "[{office}] Dear {name}: your reply answered today's check-in. To join {title}, reply 1 {code}.", "When a bare 1 answered a check-in during an invitation"),
    ];
}
