using Afterglow.Domain.CheckIns;

namespace Afterglow.Tests.Unit;

/// <summary>The rules of the classifier, one by one (the corpus test measures it on the way people really write).</summary>
public class ReplyClassifierTests
{
    [Theory]
    [InlineData("1", ReplyKind.Well, null)]
    [InlineData(" １。", ReplyKind.Well, null)]
    [InlineData("2", ReplyKind.Unwell, null)]
    [InlineData("3", ReplyKind.Help, null)]
    [InlineData("help!", ReplyKind.Help, null)]
    [InlineData("求助！", ReplyKind.Help, null)]
    [InlineData("OK 4821", ReplyKind.Yes, "4821")]
    [InlineData("ok4821", ReplyKind.Yes, "4821")]
    [InlineData("ＯＫ　４８２１", ReplyKind.Yes, "4821")]
    [InlineData("好", ReplyKind.Yes, null)]
    [InlineData("NO 4821", ReplyKind.No, "4821")]
    [InlineData("联系不上 4821", ReplyKind.No, "4821")]
    [InlineData("YES", ReplyKind.Yes, null)]
    [InlineData("同意", ReplyKind.Yes, null)]
    [InlineData("不同意", ReplyKind.No, null)]
    [InlineData("今天下雨了", ReplyKind.Unclear, null)]
    [InlineData("12", ReplyKind.Unclear, null)]
    [InlineData("", ReplyKind.Unclear, null)]
    [InlineData(null, ReplyKind.Unclear, null)]
    public void Keypad_answers_codes_and_yes_no(string? text, ReplyKind kind, string? code)
    {
        var reply = ReplyClassifier.Classify(text);
        Assert.Equal(kind, reply.Kind);
        Assert.Equal(code, reply.Code);
    }

    [Theory]
    [InlineData("STOP", ReplyKind.OptOut)]
    [InlineData(" ｓｔｏｐ！", ReplyKind.OptOut)]
    [InlineData("退订。", ReplyKind.OptOut)]
    [InlineData("TD", ReplyKind.OptOut)]
    [InlineData("R", ReplyKind.OptOut)]
    [InlineData("别再发短信了", ReplyKind.OptOut)]
    [InlineData("unstop", ReplyKind.OptIn)]
    [InlineData("START", ReplyKind.OptIn)]
    [InlineData("恢复", ReplyKind.OptIn)]
    // Carrier words count only as the whole reply: a sentence with "stop" in it is for a person.
    [InlineData("please stop calling", ReplyKind.Unclear)]
    [InlineData("身体恢复得不错", ReplyKind.Well)]
    public void Opt_out_and_opt_in_words(string text, ReplyKind kind) => Assert.Equal(kind, ReplyClassifier.Classify(text).Kind);

    [Theory]
    [InlineData("not good")]
    [InlineData("Not feeling good today")]
    [InlineData("not 很好")]
    [InlineData("不太好")]
    [InlineData("不是很好")]
    [InlineData("好不舒服")]
    [InlineData("还好，就是头晕")]
    [InlineData("我很好但是摔倒了")]
    [InlineData("救命 我很好")]
    [InlineData("👍 住院了")]
    [InlineData("好的，疼")]
    [InlineData("OK 但不太ok")]
    [InlineData("没好")]
    public void Negation_and_distress_win_over_a_positive_word(string text)
    {
        var kind = ReplyClassifier.Classify(text).Kind;
        Assert.True(ReplyMeanings.IsDistress(kind), $"'{text}' was read as {kind}");
    }

    [Theory]
    [InlineData("不好意思，刚看到，我很好", ReplyKind.Well)] // polite, not "not good"
    [InlineData("no problem", ReplyKind.Well)]
    [InlineData("not bad", ReplyKind.Well)]
    [InlineData("没问题", ReplyKind.Well)]
    [InlineData("好好好好好", ReplyKind.Yes)]
    [InlineData("goooood", ReplyKind.Well)]
    [InlineData("👍🏽", ReplyKind.Well)]
    [InlineData("谢谢！！平安～～", ReplyKind.Well)]
    [InlineData("平安 13912345678", ReplyKind.Well)]
    [InlineData("3楼的王阿姨", ReplyKind.Unclear)] // a digit inside a word is not an answer
    [InlineData("\u0001\u0002", ReplyKind.Unclear)]
    [InlineData("🐶🐱", ReplyKind.Unclear)]
    [InlineData("我很好，请问下个月的体检在哪里报名", ReplyKind.Unclear)] // a question a person must answer
    public void Polite_words_repeats_emoji_and_numbers_around_the_answer(string text, ReplyKind kind) =>
        Assert.Equal(kind, ReplyClassifier.Classify(text).Kind);

    [Fact]
    public void Long_and_control_character_text_is_read_without_error()
    {
        Assert.Equal(ReplyKind.Unclear, ReplyClassifier.Classify(new string('啊', 5000) + "今天天气").Kind);
        Assert.Equal(ReplyKind.Help, ReplyClassifier.Classify(new string('x', 3000) + " 救命").Kind);
    }

    [Fact]
    public void For_a_check_in_yes_is_well_and_no_is_for_a_person()
    {
        Assert.Equal(ReplyKind.Well, ReplyMeanings.ForCheckIn(ReplyKind.Yes));
        Assert.Equal(ReplyKind.Unclear, ReplyMeanings.ForCheckIn(ReplyKind.No));
        Assert.Equal(ReplyKind.OptOut, ReplyMeanings.ForCheckIn(ReplyKind.OptOut));
    }
}
