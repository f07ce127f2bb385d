namespace Afterglow.App.Reports;

/// <summary>
/// The words of the yearly report's export, in the office's two languages: the same words as the dashboard's tables
/// (web/src/strings; a test keeps them equal), since a file leaves the dashboard and cannot look them up there.
/// </summary>
public static class ReportWords
{
    private static readonly Dictionary<string, (string En, string Zh)> Words = new(StringComparer.Ordinal)
    {
        ["kind.missed"] = ("Missed check-in", "报平安未回复"),
        ["kind.undelivered"] = ("SMS not delivered", "短信未送达"),
        ["kind.help"] = ("Asked for help", "求助"),
        ["kind.callNotReached"] = ("Call: not reached", "电话未接通"),
        ["outcome.well"] = ("Well", "平安"),
        ["outcome.reachedByPhone"] = ("Reached by phone", "电话联系上"),
        ["outcome.visited"] = ("Visited", "已上门探视"),
        ["outcome.hospitalised"] = ("Hospitalised", "已住院"),
        ["outcome.deceased"] = ("Deceased", "已去世"),
        ["outcome.falseAlarm"] = ("False alarm", "误报"),
        ["outcome.other"] = ("Other", "其他"),
        ["tier.standard"] = ("Standard", "一般"),
        ["tier.elevated"] = ("Elevated", "关注"),
        ["tier.high"] = ("High", "重点"),
        ["tier.critical"] = ("Critical", "特别重点"),
        ["ageBand.under70"] = ("Under 70", "70岁以下"),
        ["ageBand.from70"] = ("70–79", "70–79岁"),
        ["ageBand.from80"] = ("80–84", "80–84岁"),
        ["ageBand.from85"] = ("85–89", "85–89岁"),
        ["ageBand.from90"] = ("90 and over", "90岁及以上"),
        ["retirementType.retired"] = ("Retired (退休)", "退休"),
        ["retirementType.veteran"] = ("Veteran cadre (离休)", "离休"),
        ["checkInStatus.scheduled"] = ("scheduled", "待发送"),
        ["checkInStatus.sent"] = ("waiting", "等待回复"),
        ["checkInStatus.answered"] = ("answered", "已回复"),
        ["checkInStatus.missed"] = ("missed", "未回复"),
        ["checkInStatus.undelivered"] = ("not delivered", "未送达"),
        ["smsState.pending"] = ("Pending", "待发送"),
        ["smsState.sending"] = ("Sending", "发送中"),
        ["smsState.sent"] = ("Sent", "已发送"),
        ["smsState.delivered"] = ("Delivered", "已送达"),
        ["smsState.failed"] = ("Failed", "失败"),
        ["smsState.expired"] = ("Expired", "已过期"),
        ["smsState.cancelled"] = ("Cancelled", "已取消"),
        ["purpose.checkIn"] = ("Check-in", "报平安"),
        ["purpose.reminder"] = ("Reminder", "提醒"),
        ["purpose.escalation"] = ("Escalation", "预警通知"),
        ["purpose.consent"] = ("Consent", "同意确认"),
        ["purpose.notice"] = ("Notice", "通知"),
        ["purpose.broadcast"] = ("Broadcast", "群发"),
        ["purpose.reply"] = ("Reply", "回复"),
        ["purpose.confirmation"] = ("Confirmation", "确认"),
        ["purpose.system"] = ("System", "系统"),
        ["visitKind.home"] = ("Home visit", "家访"),
        ["visitKind.hospital"] = ("Hospital visit", "住院探望"),
        ["visitKind.festival"] = ("Festival visit", "节日慰问"),
        ["visitKind.birthday"] = ("Birthday visit", "生日慰问"),
        ["visitKind.condolence"] = ("Condolence visit", "吊唁慰问"),
        ["visitKind.phone"] = ("Phone call", "电话问候"),
        ["visitKind.other"] = ("Other", "其他"),
        ["eventKind.checkup"] = ("Health checkup", "健康体检"),
        ["eventKind.lecture"] = ("Lecture", "讲座"),
        ["eventKind.outing"] = ("Outing", "出游"),
        ["eventKind.giftPickup"] = ("Gift pick-up", "慰问品领取"),
        ["eventKind.meeting"] = ("Meeting", "会议"),
        ["eventKind.other"] = ("Other", "其他"),
        ["purpose.greeting"] = ("Greeting", "祝福"),
        ["yearReport.headcount.ageBand"] = ("Head count by age band", "人数（按年龄段）"),
        ["yearReport.headcount.retirementType"] = ("Head count: 离休 / 退休", "人数（离休、退休）"),
        ["yearReport.headcount.tier"] = ("Head count by care tier", "人数（按监护等级）"),
        ["yearReport.visits"] = ("Visits by kind", "走访慰问（按类型）"),
        ["yearReport.visitsByMonth"] = ("Visits by month", "走访慰问（按月）"),
        ["yearReport.events"] = ("Events by kind", "活动（按类型）"),
        ["yearReport.attendance"] = ("Event invitations and attendance", "活动邀请与到场"),
        ["yearReport.invited"] = ("Invited", "邀请人次"),
        ["yearReport.joined"] = ("Signed up", "报名人次"),
        ["yearReport.attended"] = ("Attended", "到场人次"),
        ["yearReport.cancelled"] = ("Events cancelled", "取消的活动"),
        ["yearReport.sms"] = ("SMS sent by purpose", "短信发送（按用途）"),
        ["yearReport.smsOutcome"] = ("SMS outcomes", "短信发送结果"),
        ["yearReport.checkIns"] = ("Check-ins", "报平安"),
        ["yearReport.incidents"] = ("Incidents opened by cause", "预警事件（按原因）"),
        ["yearReport.outcomes"] = ("Incidents resolved by outcome", "预警事件处理结果"),
        ["yearReport.deaths"] = ("Deaths by month", "去世（按月）"),
        ["yearReport.total"] = ("Total", "合计"),
        ["yearReport.col.section"] = ("Section", "项目"),
        ["yearReport.col.item"] = ("Item", "分类"),
        ["yearReport.col.count"] = ("Count", "数量"),
        ["yearReport.col.amount"] = ("SMS segments", "短信条数（计费）"),
    };

    public static IReadOnlyCollection<string> Keys => Words.Keys;

    /// <summary>The words for a key; a key without words (a state added later) is shown as it is.</summary>
    public static string Of(string key, bool zh) => Words.TryGetValue(key, out var w) ? (zh ? w.Zh : w.En) : key;

    public static (string En, string Zh)? Find(string key) => Words.TryGetValue(key, out var w) ? w : null;
}
