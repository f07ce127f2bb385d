using System.Reflection;
using System.Text.RegularExpressions;
using Afterglow.App.CheckIns;
using Afterglow.Domain.CheckIns;

namespace Afterglow.Tests.Unit;

/// <summary>
/// Every line the system writes on a timeline has a code the dashboard words in both languages, with no
/// placeholder the line does not fill: each TimelineTexts method is called with every shape of its inputs.
/// </summary>
public partial class TimelineTextsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 1, 30, 0, TimeSpan.Zero);

    private static IEnumerable<object?> Samples(Type t) =>
        t == typeof(string) ? ["13800138000"]
        : t == typeof(int) ? [1, 3]
        : t == typeof(bool) ? [true, false]
        : t == typeof(DateTimeOffset) ? [At]
        : Nullable.GetUnderlyingType(t) == typeof(RecipientRole) ? [RecipientRole.Liaison, null]
        : t == typeof(StepPlan) ? [new StepPlan(1, 0, 1, EscalationTarget.Acknowledger), new StepPlan(2, 2, 1, EscalationTarget.LiaisonAndDuty), new StepPlan(3, 3, 2, EscalationTarget.OnSiteVisit)]
        : t == typeof(Recipient) ? [new Recipient(RecipientRole.Volunteer, "李志愿", "+8613800138000", "zh-CN")]
        : t == typeof(Acknowledgement) ? [new Acknowledgement(At, "王工作人员", null, "dashboard")]
        : t == typeof(Resolution) ? [new Resolution(IncidentOutcome.Hospitalised, "开锁，120送医院", At, "王工作人员"),
            new Resolution(IncidentOutcome.Other, "…", At, "retiree", null, TimelineTexts.HelpTookOver(At, "09:30").Code, TimelineTexts.HelpTookOver(At, "09:30").Args)]
        : throw new InvalidOperationException($"No sample for {t}: add one so the new line is checked.");

    private static IEnumerable<object?[]> Combinations(ParameterInfo[] ps) =>
        ps.Aggregate((IEnumerable<object?[]>)[[]], (acc, p) => acc.SelectMany(a => Samples(p.ParameterType).Select(v => a.Append(v).ToArray())));

    public static IReadOnlyList<EventText> Every() =>
        typeof(TimelineTexts).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(EventText))
            .SelectMany(m => Combinations(m.GetParameters()).Select(args => (EventText)m.Invoke(null, args)!)).ToList();

    [Fact]
    public void Every_line_the_system_writes_is_worded_in_both_tables_with_only_the_parameters_it_has()
    {
        var texts = Every();
        Assert.True(texts.Select(x => x.Code).Distinct().Count() >= 25, "the walk should reach every kind of line");
        foreach (var file in WebStrings.Files)
        {
            var table = WebStrings.Table(file);
            foreach (var text in texts)
            {
                Assert.True(table.TryGetValue("event." + text.Code, out var words), $"{file} has no event.{text.Code}");
                foreach (Match hole in Placeholder().Matches(words))
                    Assert.True(text.Args.ContainsKey(hole.Groups[1].Value), $"{file} event.{text.Code} wants {{{hole.Groups[1].Value}}}, which the line does not carry");
            }
        }
    }

    [Fact]
    public void A_line_keeps_its_English_and_its_parameters_in_the_form_the_dashboard_reads()
    {
        var step = TimelineTexts.Step(new StepPlan(2, 3, 2, EscalationTarget.LiaisonAndDuty), nobody: false);
        Assert.Equal("levelRepeat", step.Code);
        Assert.Equal("Level 3 (repeat 1): LiaisonAndDuty.", step.English);
        Assert.Equal("liaisonAndDuty", step.Args["target"]);
        Assert.Equal("1", step.Args["repeat"]);
        Assert.Equal("level.nobody", TimelineTexts.Step(new StepPlan(1, 1, 1, EscalationTarget.Volunteers), nobody: true).Code);

        var help = TimelineTexts.HelpOpened(At, "09:30");
        Assert.Equal("2026-11-22T01:30:00Z", help.Args["at"]);
        Assert.Equal("The retiree asked for help at 09:30.", help.English);

        // A person's note travels as written; a system note by its code, with its own parameters beside the outcome.
        var byPerson = TimelineTexts.Resolved(new Resolution(IncidentOutcome.Hospitalised, "开锁，120送医院", At, "王"));
        Assert.Equal(("hospitalised", "开锁，120送医院", ""), (byPerson.Args["outcome"], byPerson.Args["note"], byPerson.Args["noteCode"]));
        var took = TimelineTexts.HelpTookOver(At, "09:30");
        var bySystem = TimelineTexts.Resolved(new Resolution(IncidentOutcome.Other, took.English, At, "retiree", null, took.Code, took.Args));
        Assert.Equal(("", "resolution.helpTookOver", "2026-11-22T01:30:00Z"), (bySystem.Args["note"], bySystem.Args["noteCode"], bySystem.Args["at"]));
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
