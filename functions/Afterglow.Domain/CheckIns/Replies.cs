namespace Afterglow.Domain.CheckIns;

/// <summary>What an SMS reply means; who sent it decides what it does (<see cref="ReplyMeanings"/>).</summary>
public enum ReplyKind
{
    /// <summary>An answer a person must read: the sender is there, the words need a human.</summary>
    Unclear,
    /// <summary>1, 平安, 挺好, fine, 👍: I am well.</summary>
    Well,
    /// <summary>2, 不舒服, 头晕, not good: not feeling well — a call-back today, no alarm.</summary>
    Unwell,
    /// <summary>3, 救命, 摔倒, HELP: need help now.</summary>
    Help,
    /// <summary>OK, 好的, 收到, 可以, YES: an acknowledgement, a consent, or from a retiree "well".</summary>
    Yes,
    /// <summary>NO, 不行, 联系不上, 不同意: cannot reach them, or no to being an emergency contact.</summary>
    No,
    /// <summary>STOP, 退订, TD, R: no more SMS.</summary>
    OptOut,
    /// <summary>START, 恢复, 订阅: SMS again.</summary>
    OptIn,
}

/// <summary>A classified reply with the incident or call code typed with it (4 digits), if any.</summary>
public sealed record ParsedReply(ReplyKind Kind, string? Code = null);

public static class ReplyMeanings
{
    /// <summary>
    /// What a reply says to a check-in: yes is well (好的, OK from a retiree), no is a person's to read, and
    /// STOP/START still answer (the person is there).
    /// </summary>
    public static ReplyKind ForCheckIn(ReplyKind kind) => kind switch
    {
        ReplyKind.Yes => ReplyKind.Well,
        ReplyKind.No => ReplyKind.Unclear,
        _ => kind,
    };

    /// <summary>What a reply says to an alert or a consent request: 没问题 and 👍 are a yes there.</summary>
    public static ReplyKind ForContact(ReplyKind kind) => kind == ReplyKind.Well ? ReplyKind.Yes : kind;

    /// <summary>Never alarming: distress the classifier saw.</summary>
    public static bool IsDistress(ReplyKind kind) => kind is ReplyKind.Unwell or ReplyKind.Help;
}
