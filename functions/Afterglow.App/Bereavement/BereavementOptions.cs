using Afterglow.App.Configuration;
using Afterglow.App.Storage;
using Afterglow.Domain.Bereavement;

namespace Afterglow.App.Bereavement;

/// <summary>Bereavement (Bereavement:*): days after the office learns of a death by which each checklist item is due.</summary>
public sealed record BereavementOptions : ISettings
{
    public const string Section = "Bereavement";

    public int VisitDays { get; set; } = 3;
    public int FuneralAllowanceDays { get; set; } = 30;
    public int PensionPaymentDays { get; set; } = 30;
    public int SurvivorAidDays { get; set; } = 60;

    public ChecklistDueDays DueDays => new(VisitDays, FuneralAllowanceDays, PensionPaymentDays, SurvivorAidDays);

    public IEnumerable<string> Problems()
    {
        foreach (var (key, days) in new[] { (AppSettings.BereavementVisitDays, VisitDays), (AppSettings.BereavementFuneralAllowanceDays, FuneralAllowanceDays),
                     (AppSettings.BereavementPensionPaymentDays, PensionPaymentDays), (AppSettings.BereavementSurvivorAidDays, SurvivorAidDays) })
            if (days is < 0 or > 365) yield return $"{StorageAccount.Key(key)} must be a number of days from 0 to 365 (is {days}).";
    }
}
