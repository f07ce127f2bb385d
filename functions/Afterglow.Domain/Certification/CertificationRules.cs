namespace Afterglow.Domain.Certification;

/// <summary>
/// Where a retiree stands in a year's pension qualification certification (养老金资格认证): still to do, reminded by
/// SMS, to be certified at home by a visit (cannot go out), living elsewhere (certifies where they live), or done.
/// </summary>
public enum CertificationState { ToDo, Reminded, HomeVisit, Elsewhere, Done }

/// <summary>How it was done: the self-service app (人脸识别), at the office, on a home visit, or by the institution (单位代认证).</summary>
public enum CertifiedHow { App, Office, HomeVisit, Institution }

/// <summary>The campaign's rules, without storage.</summary>
public static class CertificationRules
{
    /// <summary>Where a retiree starts: those living elsewhere certify where they live; everyone else is to do.</summary>
    public static CertificationState Start(bool livesElsewhere) => livesElsewhere ? CertificationState.Elsewhere : CertificationState.ToDo;

    /// <summary>Still missing: anything but done.</summary>
    public static bool IsMissing(CertificationState state) => state != CertificationState.Done;

    /// <summary>
    /// Who an SMS reminder goes to: those still to do or already reminded, and those living elsewhere (told how to certify
    /// where they live). Not those waiting for a home visit: the office goes to them, a text would only confuse.
    /// </summary>
    public static bool MayRemind(CertificationState state) => state is CertificationState.ToDo or CertificationState.Reminded or CertificationState.Elsewhere;

    /// <summary>The state after a reminder: to-do becomes reminded; living elsewhere stays so (its own list).</summary>
    public static CertificationState AfterReminder(CertificationState state) => state == CertificationState.ToDo ? CertificationState.Reminded : state;

    /// <summary>Days from today to the deadline (0 on the day, negative once it has passed).</summary>
    public static int DaysLeft(DateOnly deadline, DateOnly today) => deadline.DayNumber - today.DayNumber;

    /// <summary>A state staff may set by hand (done is set with how, through marking done).</summary>
    public static bool IsSettable(CertificationState state) => state is CertificationState.ToDo or CertificationState.HomeVisit or CertificationState.Elsewhere;
}
