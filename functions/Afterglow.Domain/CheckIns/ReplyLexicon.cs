namespace Afterglow.Domain.CheckIns;

/// <summary>What one word or phrase of a reply means; <see cref="ReplyClassifier"/> weighs them.</summary>
public enum Sense
{
    /// <summary>Polite words, particles, pronouns, "today", "body": heard, carry no answer.</summary>
    Filler,
    Well,
    Unwell,
    Help,
    /// <summary>Assent: OK, 好的, 收到, 可以, yes — "well" from a retiree, an acknowledgement or consent from others.</summary>
    Yes,
    /// <summary>Refusal: NO, 不行, 联系不上, 不同意.</summary>
    No,
    /// <summary>不, 没, not: turns the next well/yes word into unwell.</summary>
    Negation,
    /// <summary>Opts out wherever it stands (退订, unsubscribe).</summary>
    OptOut,
    /// <summary>Opts out only as the whole reply (STOP, TD, R): "please stop calling" is not an opt-out.</summary>
    OptOutAlone,
    OptIn,
    OptInAlone,
    /// <summary>吗, 什么, 谁, ?, what: a question is for a person, unless it also says distress.</summary>
    Question,
}

/// <summary>
/// The words, one table: zh-CN (Mandarin, with the dialect words older people use: 冇事, 莫得事, 蛮好, 巴适, 不得劲),
/// English as typed on old phones (misspelt, no apostrophes) and emoji. Entries are matched longest first, so a
/// phrase wins over the words inside it (不好意思 is polite, not "not good"; no problem is well, not "no").
/// </summary>
public static class ReplyLexicon
{
    public static readonly IReadOnlyList<(Sense Sense, string[] Words)> Table =
    [
        (Sense.Help, [
            "救命", "求助", "求救", "帮帮我", "帮帮忙", "帮我", "快来", "来人", "救我", "摔倒", "摔了", "摔一跤", "摔了一跤", "摔跤", "跌倒", "跌了", "跌跤", "绊倒",
            "起不来", "爬不起来", "站不起来", "动不了", "喘不过气", "喘不上气", "呼吸困难", "上不来气", "胸口疼", "胸口痛", "胸痛", "心口疼",
            "心脏病", "心梗", "中风", "脑梗", "晕倒", "昏倒", "不行了", "快不行", "要死", "急救", "救护车", "叫救护车", "出事了", "出事",
            "着火", "失火", "煤气", "走丢", "迷路", "找不到家", "紧急", "危险", "很危险", "快点来", "赶紧来", "赶快来", "报警",
            "help", "sos", "emergency", "ambulance", "fell", "fallen", "i fall", "fall down", "cant get up", "can not get up", "cannot get up",
            "cant breathe", "cant breath", "chest pain", "heart attack", "stroke", "come quick", "come now", "hurry", "dying", "urgent",
            "🆘", "🚑", "🚨",
        ]),
        (Sense.Unwell, [
            "不好", "不太好", "不大好", "不怎么好", "不是很好", "不是太好", "不是特别好", "不算好", "不咋好", "不咋地", "不太行", "不大行",
            "不舒服", "不太舒服", "不大舒服", "不得劲", "不安逸", "唔舒服", "唔系几好", "难受", "好难受", "遭不住", "不得了", "不妙", "糟糕",
            "头晕", "头昏", "晕", "头疼", "头痛", "疼", "痛", "发烧", "发热", "咳嗽", "咳", "感冒", "着凉", "拉肚子", "腹泻", "肚子疼",
            "血压高", "高血压", "血压有点高", "血糖高", "胸闷", "心慌", "心跳快", "气短", "气喘", "喘", "没力气", "没劲", "乏力", "累", "没精神", "睡不着", "失眠",
            "吃不下", "没胃口", "呕吐", "吐了", "恶心", "住院", "医院", "看病", "看医生", "打针", "输液", "吃药", "病了", "生病", "有病", "病",
            "老毛病", "犯了", "没好", "还没好", "不ok", "不太ok", "不怎么样", "摔伤", "扭伤", "伤", "肿", "腿疼", "腰疼", "腰痛", "关节", "孤单", "寂寞", "难过", "伤心", "想哭",
            "not good", "not well", "not ok", "not okay", "not fine", "not great", "not so good", "not too good", "not very good", "no good",
            "not feeling well", "not feeling good", "unwell", "sick", "ill", "bad", "poorly", "poor", "pain", "hurt", "hurts", "dizzy", "fever",
            "cough", "flu", "tired", "weak", "hospital", "doctor", "headache", "nausea", "vomit", "terrible", "awful", "lonely", "sad",
            "🤒", "🤕", "😷", "😢", "😭", "😞", "😔", "😣", "😖", "😫", "😩", "🤢", "🤮", "💊", "🏥", "👎", "☹",
        ]),
        (Sense.Well, [
            "平安", "很好", "挺好", "蛮好", "还好", "都好", "好着呢", "好着", "好得很", "好的很", "老好了", "可好了", "一切都好", "一切安好",
            "一切正常", "正常", "一切平安", "安好", "安康", "健康", "身体好", "身体很好", "身体挺好", "身体还好", "还行", "还可以",
            "还不错", "不错", "挺不错", "蛮不错", "没事", "没事儿", "没有事", "没啥事", "没什么事", "没得事", "莫得事", "冇事", "无事", "啥事没有",
            "嘛事没有", "什么事都没有", "没问题", "没有问题", "冇问题", "不要紧", "不碍事", "没大碍", "无恙", "放心", "勿念", "别担心", "不用担心",
            "舒服", "舒坦", "得劲", "安逸", "巴适", "杠杠的", "硬朗", "精神", "几好", "好好哋", "开心", "快乐", "愉快", "幸福", "能吃能睡", "吃得好", "睡得好", "凑合", "还凑合",
            "马马虎虎", "一般", "一般般", "挺健康", "在家", "我在", "在呢", "活着", "well", "fine", "good", "im good", "im fine", "im ok",
            "all good", "all well", "all fine", "alright", "all right", "not bad", "no problem", "no problems", "great", "safe", "healthy",
            "doing well", "doing good", "doing fine", "so so", "soso", "fien", "fin", "gud", "gd",
            "👍", "👌", "😊", "🙂", "😀", "😃", "😄", "😁", "☺", "💪", "✌", "🌞", "☀", "🌹", "🌸", "❤", "💐", "😘", "🤗", "🙆", "✅", "🆗",
        ]),
        (Sense.Yes, [
            "好", "好的", "好嘞", "好滴", "好哒", "行", "行的", "可以", "收到", "知道了", "知道", "明白", "晓得", "是", "是的", "对", "对的", "嗯",
            "同意", "愿意", "已联系", "联系上了", "联系上", "已到", "到了", "已确认", "ok", "okay", "oke", "okey", "oki", "yes", "y", "yep", "yeah", "ya", "sure", "agree",
            "received", "got it", "reached",
        ]),
        (Sense.No, [
            "不行", "不是", "不对", "不同意", "不愿意", "不要", "不可以", "不能", "不用", "唔得", "联系不上", "无法联系", "没联系上", "找不到人",
            "没人接", "打不通", "没人应", "no", "n", "nope", "不知道", "不清楚", "不明白", "不懂", "没收到", "cannot", "cant", "unable", "not reached", "no answer",
        ]),
        (Sense.Negation, ["不", "没", "没有", "别", "未", "not", "never", "isnt", "dont", "doesnt", "didnt", "wasnt", "arent", "aint"]),
        (Sense.OptOut, [
            "退订", "退定", "退丁", "取消订阅", "取消短信", "不要再发", "别再发", "别发了", "不要发了", "别给我发", "不要给我发", "不想收", "不需要短信",
            "拒收", "unsubscribe", "stop texting", "stop sending", "stop messages", "stop messaging", "no more texts", "no more messages",
        ]),
        (Sense.OptOutAlone, ["stop", "stopall", "stop all", "cancel", "end", "quit", "td", "t", "r", "取消", "退"]),
        (Sense.OptIn, ["重新订阅", "恢复短信", "恢复发送", "继续发", "unstop"]),
        (Sense.OptInAlone, ["start", "订阅", "恢复", "开通", "subscribe", "resume"]),
        (Sense.Question, ["?", "吗", "什么", "谁", "哪", "哪里", "哪儿", "为什么", "为啥", "怎么回事", "啥意思", "干嘛", "what", "who", "why", "where", "when", "how"]),
        (Sense.Filler, [
            "谢谢", "谢谢你", "谢谢您", "感谢", "多谢", "谢了", "您好", "你好", "老师", "同志", "领导", "小同志", "辛苦", "辛苦了", "辛苦你们", "麻烦",
            "不好意思", "对不起", "抱歉", "刚看到", "回复", "我", "我们", "我家", "老伴", "你", "您", "你们", "也", "都", "今天", "今日", "现在", "目前",
            "身体", "身子", "人", "的", "了", "啊", "呀", "哦", "喔", "噢", "呢", "吧", "啦", "哈", "嘛", "么", "哟", "呵", "嘿", "很", "挺", "太", "大",
            "还", "蛮", "特别", "非常", "比较", "怎么", "那么", "感觉", "觉得", "一切", "请", "祝", "祝你", "祝好", "早上好", "上午好", "下午好", "晚上好",
            "早", "早安", "问好", "工作顺利", "顺利", "万事如意", "健康长寿", "平安喜乐", "感恩", "关心", "惦记", "这边", "家里", "天天", "每天", "一直", "都挺", "挂念", "好久不见",
            "thanks", "thank you", "thank u", "thx", "ty", "tks", "hi", "hello", "dear", "im", "i am", "i", "am", "is", "it", "its", "we", "are", "me",
            "feel", "feeling", "doing", "very", "so", "too", "really", "quite", "today", "and", "all", "morning", "good morning", "sir",
            "madam", "teacher", "sorry", "pls", "please", "just", "lol", "haha", "hehe",
            "🙏", "🌺", "🌷", "🎉", "😂", "😅", "🤣", "💕", "💖", "😇", "🥰",
        ]),
    ];
}
