namespace Afterglow.Domain.CheckIns;

/// <summary>
/// How the people an incident alerted say how it ended, by SMS with its code ("4821 住院", "found well 4821"):
/// one table, zh-CN and en, read like <see cref="ReplyClassifier"/> reads replies (full-width, case, punctuation,
/// polite words, repeated characters). Liaisons have no login; this is how they close what they found.
/// </summary>
public static class OutcomeWords
{
    public static readonly IReadOnlyList<(IncidentOutcome Outcome, string[] Words)> Table =
    [
        (IncidentOutcome.Well, [
            "平安", "人平安", "没事", "没事了", "人没事", "没有事", "没啥事", "冇事", "莫得事", "安全", "找到了", "找到", "已找到", "人找到了", "无恙", "好好的", "一切正常", "正常", "很好", "挺好", "身体很好",
            "well", "found well", "is well", "all well", "safe", "found safe", "is safe", "fine", "is fine", "found", "all good", "good",
        ]),
        (IncidentOutcome.Hospitalised, [
            "住院", "住院了", "入院", "送医", "送医院", "送医院了", "送去医院", "在医院", "医院", "急诊", "送急诊", "抢救",
            "hospitalised", "hospitalized", "hospital", "in hospital", "admitted", "taken to hospital",
        ]),
        (IncidentOutcome.Deceased, [
            "去世", "去世了", "过世", "过世了", "逝世", "病故", "死亡", "身故", "已故",
            "deceased", "died", "dead", "passed away", "has passed", "passed on",
        ]),
        (IncidentOutcome.Other, ["其他", "其它", "别的", "other"]),
    ];

    /// <summary>Negation before an outcome word cancels it: 没住院, not hospitalised, 没去世.</summary>
    private static readonly string[] Negations = ["不", "没", "没有", "未", "不是", "并没有", "not", "no", "never", "isnt", "wasnt", "didnt"];

    /// <summary>Said around an outcome, carrying nothing: the reply lexicon's polite words plus who and when.</summary>
    private static readonly string[] Fillers =
    [
        .. ReplyLexicon.Table.Where(r => r.Sense == Sense.Filler).SelectMany(r => r.Words),
        "已经", "已", "老人", "老人家", "他", "她", "本人", "刚刚", "刚才", "昨天", "昨晚", "结果", "结案", "he", "she", "was", "has", "been", "they", "result", "outcome",
    ];

    /// <summary>The outcome's name as the confirmation SMS says it.</summary>
    public static string Say(IncidentOutcome outcome, string language) => (outcome, language == "en") switch
    {
        (IncidentOutcome.Well, true) => "well",
        (IncidentOutcome.Well, false) => "平安",
        (IncidentOutcome.Hospitalised, true) => "in hospital",
        (IncidentOutcome.Hospitalised, false) => "住院",
        (IncidentOutcome.Deceased, true) => "deceased",
        (IncidentOutcome.Deceased, false) => "去世",
        (_, true) => "other",
        _ => "其他",
    };

    private enum Part { Outcome, Negation, Filler }
    private static readonly (string Word, Part Part, IncidentOutcome Outcome)[] Words =
        Table.SelectMany(row => row.Words.Select(w => (w, Part.Outcome, row.Outcome)))
            .Concat(Negations.Select(w => (w, Part.Negation, IncidentOutcome.Other)))
            .Concat(Fillers.Select(w => (w, Part.Filler, IncidentOutcome.Other)))
            .Select(x => (Word: ReplyClassifier.Squeeze(ReplyClassifier.Normalize(x.Item1)).Trim(), x.Item2, x.Item3))
            .Where(x => x.Word.Length > 0)
            .DistinctBy(x => x.Word) // outcome words first: 没事 is well, not "no" + 事
            .OrderByDescending(x => x.Word.Length)
            .ToArray();

    /// <summary>
    /// The one outcome the text names, or null: none named, two different ones (平安 … 住院), a question, or more
    /// than a few letters the table does not know (a story is a field report for a person to read, not a resolution).
    /// Digits (the code) are ignored; a negated outcome word does not count.
    /// </summary>
    public static IncidentOutcome? Read(string? text)
    {
        var s = ReplyClassifier.Squeeze(ReplyClassifier.Normalize(text ?? ""));
        var found = new HashSet<IncidentOutcome>();
        var unknown = 0;
        var negated = false;
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c is ' ' or ',' || char.IsAsciiDigit(c)) { i++; if (c == ',') negated = false; continue; }
            if (c == '?') return null;
            var match = Words.FirstOrDefault(w => Matches(s, i, w.Word));
            if (match.Word is null)
            {
                var stop = i + 1;
                if (char.IsAsciiLetter(c)) while (stop < s.Length && char.IsAsciiLetter(s[stop])) stop++;
                // Negation carries over unknown words to the next break: 不在医院, not at hospital.
                if (s[i..stop].Any(char.IsLetter)) unknown += stop - i;
                i = stop;
                continue;
            }
            if (match.Part == Part.Negation) negated = true;
            else if (match.Part == Part.Outcome)
            {
                if (!negated) found.Add(match.Outcome);
                negated = false;
            }
            i += match.Word.Length;
        }
        return found.Count == 1 && unknown <= ReplyClassifier.MaxUnknownLetters ? found.Single() : null;
    }

    private static bool Matches(string s, int i, string word)
    {
        if (string.CompareOrdinal(s, i, word, 0, word.Length) != 0) return false;
        // English words match whole words only: "ill" is not in "will".
        if (char.IsAsciiLetter(word[0]) && i > 0 && char.IsAsciiLetter(s[i - 1])) return false;
        var end = i + word.Length;
        return !(char.IsAsciiLetter(word[^1]) && end < s.Length && char.IsAsciiLetter(s[end]));
    }
}
