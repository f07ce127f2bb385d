using Afterglow.Domain.CheckIns;

namespace Afterglow.Tests.Unit;

/// <summary>How an alerted person says how an incident ended: the outcome words, written as people text them.</summary>
public class OutcomeWordsTests
{
    [Theory]
    [InlineData("4821 住院", IncidentOutcome.Hospitalised)]
    [InlineData("４８２１　住院了！", IncidentOutcome.Hospitalised)]
    [InlineData("老人已经送医院了 4821，谢谢", IncidentOutcome.Hospitalised)]
    [InlineData("4821 in hospital", IncidentOutcome.Hospitalised)]
    [InlineData("HOSPITALIZED 4821.", IncidentOutcome.Hospitalised)]
    [InlineData("4821 去世", IncidentOutcome.Deceased)]
    [InlineData("4821 他昨晚去世了。。", IncidentOutcome.Deceased)]
    [InlineData("4821 passed away", IncidentOutcome.Deceased)]
    [InlineData("Deceased 4821", IncidentOutcome.Deceased)]
    [InlineData("4821 平安", IncidentOutcome.Well)]
    [InlineData("4821 人没事，谢谢您", IncidentOutcome.Well)]
    [InlineData("found well 4821", IncidentOutcome.Well)]
    [InlineData("4821 Found Safe!!", IncidentOutcome.Well)]
    [InlineData("4821 找到了", IncidentOutcome.Well)]
    [InlineData("4821 其他", IncidentOutcome.Other)]
    [InlineData("4821 other", IncidentOutcome.Other)]
    public void Reads_the_outcome(string text, IncidentOutcome expected) => Assert.Equal(expected, OutcomeWords.Read(text));

    [Theory]
    [InlineData("4821")] // no outcome word
    [InlineData("OK 4821")] // an acknowledgement
    [InlineData("4821 没住院")] // negated
    [InlineData("4821 不在医院")]
    [InlineData("4821 not in hospital")]
    [InlineData("4821 没去世")]
    [InlineData("4821 not found")]
    [InlineData("4821 人没事，在医院")] // two outcomes: a person reads it
    [InlineData("4821 住院了吗？")] // a question
    [InlineData("4821 邻居说好像前几天去医院看过")] // a story
    [InlineData("")]
    [InlineData(null)]
    public void Reads_nothing_when_it_is_not_one_plain_outcome(string? text) => Assert.Null(OutcomeWords.Read(text));

    [Theory]
    [InlineData("OK 4821", true)]
    [InlineData("好的，谢谢", true)]
    [InlineData("NO", true)]
    [InlineData("到门口了，敲门没人应", false)]
    [InlineData("好的我马上过去看看", false)]
    public void A_bare_answer_is_one_word(string text, bool bare) => Assert.Equal(bare, ReplyClassifier.IsBare(text));

    [Fact]
    public void The_confirmation_names_the_outcome_in_the_recipients_language()
    {
        Assert.Equal("住院", OutcomeWords.Say(IncidentOutcome.Hospitalised, "zh-CN"));
        Assert.Equal("deceased", OutcomeWords.Say(IncidentOutcome.Deceased, "en"));
    }
}
