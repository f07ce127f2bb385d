namespace Afterglow.Domain.Certification;

/// <summary>
/// The SMS of certification and of the retirees living elsewhere, registered like every other template (the app's
/// SmsTemplates.Defaults, so an admin may edit them and mainland registration checks them). {text} is the campaign's
/// own text (ADR 0017f).
/// </summary>
public static class CertificationTemplates
{
    public const string Reminder = "certification.reminder";
    public const string Elsewhere = "certification.elsewhere";
    public const string MedicalClaims = "elsewhere.medicalClaims";

    /// <summary>(id, zh-CN, en, description).</summary>
    public static readonly IReadOnlyList<(string Id, string ZhCn, string En, string Description)> All =
    [
        (Reminder, "【{office}】{name}您好：请于{deadline}前完成{year}年度养老金资格认证。{text}",
            "[{office}] Dear {name}: please complete your {year} pension qualification certification by {deadline}. {text}", "Certification reminder"),
        (Elsewhere, "【{office}】{name}您好：请于{deadline}前在居住地完成{year}年度养老金资格认证。{text}",
            "[{office}] Dear {name}: please complete your {year} pension qualification certification where you live, by {deadline}. {text}",
            "Certification reminder to a retiree living elsewhere"),
        (MedicalClaims, "【{office}】{name}您好：异地就医医疗费用报销材料请于{deadline}前寄回或送至办公室。{text}",
            "[{office}] Dear {name}: please send your medical expense claims from where you live to the office by {deadline}. {text}",
            "To retirees living elsewhere: the medical reimbursement deadline"),
    ];
}
