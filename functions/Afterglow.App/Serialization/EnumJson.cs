using System.Text.Json;
using System.Text.Json.Serialization;
using Domain = Afterglow.Domain;

namespace Afterglow.App.Serialization;

/// <summary>
/// Every enum JSON carries, as its camelCase name. One generic converter per enum, because the non-generic
/// JsonStringEnumConverter makes its converters with MakeGenericType, which Native AOT cannot promise (ADR 0018).
/// A new enum in a request, response or stored type belongs here: Serialization/JsonContractTests names any missing.
/// </summary>
public static class EnumJson
{
    /// <summary>The converters, added to <paramref name="converters"/>; numbers are read only when <paramref name="allowIntegers"/>.</summary>
    public static void AddTo(IList<JsonConverter> converters, bool allowIntegers)
    {
        Add<CheckIns.CallOutcome>(converters, allowIntegers);
        Add<CheckIns.CheckInStatus>(converters, allowIntegers);
        Add<CheckIns.ConsentState>(converters, allowIntegers);
        Add<CheckIns.Delivery>(converters, allowIntegers);
        Add<Events.EventKind>(converters, allowIntegers);
        Add<Events.EventState>(converters, allowIntegers);
        Add<Groups.GroupType>(converters, allowIntegers);
        Add<Groups.MeetingKind>(converters, allowIntegers);
        Add<Groups.MemberRole>(converters, allowIntegers);
        Add<Memo.MemoKind>(converters, allowIntegers);
        Add<Messages.BroadcastState>(converters, allowIntegers);
        Add<Messages.ExclusionReason>(converters, allowIntegers);
        Add<Messages.InboxFlag>(converters, allowIntegers);
        Add<People.PersonRole>(converters, allowIntegers);
        Add<Retirees.PairingRole>(converters, allowIntegers);
        Add<Sms.InboundOutcome>(converters, allowIntegers);
        Add<Sms.SmsPurpose>(converters, allowIntegers);
        Add<Sms.SmsState>(converters, allowIntegers);
        Add<Subsidies.SubsidyChangeKind>(converters, allowIntegers);
        Add<VisitPlans.PlanTaskState>(converters, allowIntegers);
        Add<VisitPlans.VisitFrequency>(converters, allowIntegers);
        Add<Visits.VisitKind>(converters, allowIntegers);
        Add<Domain.Bereavement.ChecklistItemKind>(converters, allowIntegers);
        Add<Domain.Bereavement.ChecklistItemState>(converters, allowIntegers);
        Add<Domain.Bereavement.LearnedFrom>(converters, allowIntegers);
        Add<Domain.Certification.CertificationState>(converters, allowIntegers);
        Add<Domain.Certification.CertifiedHow>(converters, allowIntegers);
        Add<Domain.CheckIns.Cadence>(converters, allowIntegers);
        Add<Domain.CheckIns.CareChannel>(converters, allowIntegers);
        Add<Domain.CheckIns.EscalationTarget>(converters, allowIntegers);
        Add<Domain.CheckIns.IncidentKind>(converters, allowIntegers);
        Add<Domain.CheckIns.IncidentOutcome>(converters, allowIntegers);
        Add<Domain.CheckIns.IncidentStatus>(converters, allowIntegers);
        Add<Domain.CheckIns.PlanState>(converters, allowIntegers);
        Add<Domain.CheckIns.RecipientRole>(converters, allowIntegers);
        Add<Domain.CheckIns.ReplyKind>(converters, allowIntegers);
        Add<Domain.Events.AttendeeState>(converters, allowIntegers);
        Add<Domain.Events.SignUpAnswer>(converters, allowIntegers);
        Add<Domain.Messaging.SmsEncoding>(converters, allowIntegers);
        Add<Domain.Registry.AgeBand>(converters, allowIntegers);
        Add<Domain.Registry.Gender>(converters, allowIntegers);
        Add<Domain.Registry.LivingArrangement>(converters, allowIntegers);
        Add<Domain.Registry.Mobility>(converters, allowIntegers);
        Add<Domain.Registry.PairingMode>(converters, allowIntegers);
        Add<Domain.Registry.RetireeStatus>(converters, allowIntegers);
        Add<Domain.Registry.RetirementType>(converters, allowIntegers);
        Add<Domain.Registry.RiskTier>(converters, allowIntegers);
        Add<Domain.Registry.SelfCare>(converters, allowIntegers);
        Add<Domain.Registry.Sense>(converters, allowIntegers);
        Add<System.DayOfWeek>(converters, allowIntegers);
    }

    private static void Add<T>(IList<JsonConverter> converters, bool allowIntegers) where T : struct, Enum =>
        converters.Add(new JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegers));
}
