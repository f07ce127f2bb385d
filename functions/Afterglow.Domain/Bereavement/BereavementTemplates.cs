namespace Afterglow.Domain.Bereavement;

/// <summary>The SMS a recorded death sends to the people around the retiree, registered like every other template (SmsTemplates.Defaults).</summary>
public static class BereavementTemplates
{
    public const string Volunteer = "bereavement.volunteer";
    public const string Liaison = "bereavement.liaison";

    /// <summary>(id, zh-CN, en, description).</summary>
    public static readonly IReadOnlyList<(string Id, string ZhCn, string En, string Description)> All =
    [
        (Volunteer, "【{office}】{person}您好：您结对联系的{name}同志于{date}去世。系统已停止给其发送短信。办公室将安排慰问，如了解家属情况请告诉我们。",
            "[{office}] Dear {person}: {name}, whom you are paired with, died on {date}. The system has stopped all texts to them. The office will arrange a condolence visit; please tell us what you know of the family.",
            "To the paired volunteer when a death is recorded"),
        (Liaison, "【{office}】{person}您好：您联络片区的{name}同志于{date}去世。请协助办公室做好慰问和后事工作。",
            "[{office}] Dear {person}: {name} in your area died on {date}. Please help the office with the condolence visit and arrangements.",
            "To the area's liaison when a death is recorded"),
    ];
}
