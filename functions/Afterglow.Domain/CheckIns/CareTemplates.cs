namespace Afterglow.Domain.CheckIns;

/// <summary>
/// The check-in and escalation messages, zh-CN and en. Gateways in China send only pre-approved templates
/// (DESIGN D3), so every message is a named template with parameters, never text assembled in code.
/// </summary>
public static class CareTemplates
{
    public const string CheckIn = "checkin.request";
    public const string Reminder = "checkin.reminder";
    public const string CallBack = "checkin.callback";
    public const string Alert = "escalation.alert";
    public const string HelpAlert = "escalation.help";
    public const string UndeliveredAlert = "escalation.undelivered";
    public const string Family = "escalation.family";
    public const string Visit = "escalation.visit";
    public const string AckReminder = "escalation.ackReminder";
    public const string Closing = "escalation.closing";
    public const string Consent = "contact.consent";
    public const string ConsentThanks = "contact.consentThanks";
    public const string ReassureWell = "family.reassureWell";
    public const string ReassureMissed = "family.reassureMissed";
    public const string WatchAlert = "system.watchAlert";
    public const string CallTask = "checkin.callTask";
    public const string ResolvedBySms = "escalation.resolvedBySms";

    /// <summary>(id, language) → text with {parameters}.</summary>
    public static readonly IReadOnlyDictionary<(string Id, string Language), string> Texts = new Dictionary<(string, string), string>
    {
        [(CheckIn, "zh-CN")] = "{name}您好，{office}问候您。请回复1表示平安，回复2表示身体不适，回复3表示需要帮助。",
        [(CheckIn, "en")] = "Hello {name}, greetings from {office}. Reply 1 if you are well, 2 if you are not feeling well, 3 if you need help now.",
        [(Reminder, "zh-CN")] = "{name}您好，还没有收到您今天的回复。请回复1表示平安；需要帮助请回复3。",
        [(Reminder, "en")] = "Hello {name}, we have not heard from you today. Reply 1 if you are well, or 3 if you need help.",
        [(CallBack, "zh-CN")] = "{name}今天回复身体不适，请今天致电{phone}问候。",
        [(CallBack, "en")] = "{name} replied today that they are not feeling well. Please call them today on {phone}.",
        [(Alert, "zh-CN")] = "【关爱提醒】{name}（{since}的平安短信）尚未回复。请致电{phone}。联系上请回复 OK {code}，联系不上请回复 NO {code}。",
        [(Alert, "en")] = "[Care alert] {name} has not answered the check-in of {since}. Please call {phone}. Reply OK {code} when reached, NO {code} if you cannot.",
        [(HelpAlert, "zh-CN")] = "【紧急求助】{name}于{since}回复需要帮助。请立即致电{phone}。联系上请回复 OK {code}，联系不上请回复 NO {code}。",
        [(HelpAlert, "en")] = "[Urgent] {name} asked for help at {since}. Call {phone} now. Reply OK {code} when reached, NO {code} if you cannot.",
        [(UndeliveredAlert, "zh-CN")] = "【关爱提醒】发给{name}的平安短信无法送达（{since}）。请致电{phone}或上门。联系上请回复 OK {code}，联系不上请回复 NO {code}。",
        [(UndeliveredAlert, "en")] = "[Care alert] The check-in SMS to {name} could not be delivered ({since}). Please call {phone} or visit. Reply OK {code} when reached, NO {code} if you cannot.",
        [(Family, "zh-CN")] = "您好，您是{name}的紧急联系人。{name}自{since}起未回复，工作人员尚未联系上。请尽快联系或探望，联系上请回复 OK {code}。",
        [(Family, "en")] = "You are {name}'s emergency contact. {name} has not answered since {since} and the office has not reached them. Please call or visit; reply OK {code} when you have.",
        [(Visit, "zh-CN")] = "【上门探视】{name}自{since}起无法联系。地址：{address}。{notes}请立即安排上门，到达后回复 OK {code}。",
        [(Visit, "en")] = "[Visit now] {name} has not been reachable since {since}. Address: {address}. {notes}Please go and see them; reply OK {code} when there.",
        [(AckReminder, "zh-CN")] = "【待处理】{name}的事件（{code}）已确认但尚未结案，请处理后在系统中记录结果。",
        [(AckReminder, "en")] = "[Open] The incident for {name} ({code}) was acknowledged but is not resolved. Please record what happened.",
        [(Closing, "zh-CN")] = "{name}的事件（{code}）已处理结案，谢谢您。",
        [(Closing, "en")] = "The incident for {name} ({code}) is closed. Thank you.",
        [(ResolvedBySms, "zh-CN")] = "已按您的回复将{name}的事件（{code}）结案：{outcome}。如有误请联系{office}。",
        [(ResolvedBySms, "en")] = "Recorded from your reply: the incident for {name} ({code}) is closed as {outcome}. If this is wrong, call {office}.",
        [(Consent, "zh-CN")] = "您好，{name}将您登记为紧急联系人。{office}在联系不上{name}时会短信通知您。同意请回复YES，不同意请回复NO。",
        [(Consent, "en")] = "{name} named you as an emergency contact. {office} will text you if they cannot reach {name}. Reply YES to agree or NO to decline.",
        [(ConsentThanks, "zh-CN")] = "谢谢，您已成为{name}的紧急联系人。回复STOP可随时退出。",
        [(ConsentThanks, "en")] = "Thank you: you are now {name}'s emergency contact. Reply STOP at any time to withdraw.",
        [(ReassureWell, "zh-CN")] = "{name}今天已回复平安。",
        [(ReassureWell, "en")] = "{name} answered today's check-in: all well.",
        [(ReassureMissed, "zh-CN")] = "{name}今天还没有回复平安短信，工作人员正在联系。",
        [(ReassureMissed, "en")] = "{name} has not answered today's check-in yet; the office is getting in touch.",
        [(WatchAlert, "zh-CN")] = "【系统提醒】平安短信系统异常：{problem}。请登录系统查看，不要把系统的沉默当成老人的沉默。",
        [(WatchAlert, "en")] = "[System] The check-in system needs attention: {problem}. Please check the dashboard; silence from the system is not silence from the retirees.",
        [(CallTask, "zh-CN")] = "【电话问候】请今天{until}前致电{name}：{phone}。上次：{last}。通话后回复 {code} 加结果：1 平安，2 不舒服，3 需要帮助，0 未接通。",
        [(CallTask, "en")] = "[Call] Please call {name} before {until} today: {phone}. Last time: {last}. Then reply {code} and the outcome: 1 well, 2 unwell, 3 needs help, 0 not reached.",
    };

    public static string Render(string id, string language, IReadOnlyDictionary<string, string> parameters)
    {
        if (!Texts.TryGetValue((id, language), out var text) && !Texts.TryGetValue((id, "zh-CN"), out text))
            throw new KeyNotFoundException($"No template {id}.");
        foreach (var (k, v) in parameters) text = text.Replace("{" + k + "}", v, StringComparison.Ordinal);
        return text;
    }
}
