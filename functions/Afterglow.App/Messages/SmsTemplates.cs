using Afterglow.App.CheckIns;
using Afterglow.App.Storage;
using Afterglow.Domain.CheckIns;
using Afterglow.Domain.Messaging;
using Azure.Data.Tables;

namespace Afterglow.App.Messages;

/// <summary>A named message in zh-CN and en; the recipient's language chooses.</summary>
public sealed record SmsTemplate(string Id, string ZhCn, string En, string? Description = null, bool Edited = false)
{
    public string TextFor(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) && En.Length > 0 ? En : ZhCn;
    public IReadOnlyList<string> Parameters => TemplateText.ParametersOf(ZhCn).Union(TemplateText.ParametersOf(En)).ToList();
}

/// <summary>
/// Every SMS is a named template (DESIGN D3). Defaults are the care engine's texts plus the channel's own;
/// an admin's edit is stored in the Templates table and wins over the default.
/// </summary>
public sealed class SmsTemplates(StorageAccount storage)
{
    public const string OptOutConfirm = "sms.optOutConfirm";
    public const string OptInConfirm = "sms.optInConfirm";
    public const string OptOutAlert = "sms.optOutAlert";
    public const string StaffReply = "sms.reply";
    public const string Notice = "notice.general";
    public const string Birthday = "greeting.birthday";

    private const string Partition = "t";

    public static readonly IReadOnlyDictionary<string, SmsTemplate> Defaults = BuildDefaults();

    private static Dictionary<string, SmsTemplate> BuildDefaults()
    {
        var all = CareTemplates.Texts.Keys.Select(k => k.Id).Distinct().ToDictionary(id => id, id => new SmsTemplate(id,
            CareTemplates.Texts[(id, "zh-CN")], CareTemplates.Texts.GetValueOrDefault((id, "en"), ""), "Check-ins and escalation"));
        SmsTemplate[] own =
        [
            new(OptOutConfirm, "您已退订本号码的短信，将不再收到任何短信。回复START可恢复。", "You will get no more texts from this number. Reply START to opt back in.", "Sent once after STOP"),
            new(OptInConfirm, "您已恢复接收本号码的短信。回复STOP可退订。", "You will get texts from this number again. Reply STOP to opt out.", "Sent after START"),
            new(OptOutAlert, "注意：{name}已回复退订，今后收不到平安短信。请改用电话或上门问候。", "[Note] {name} replied STOP and will get no more check-in texts. Please check on them by phone or visit.", "To the duty coordinator when someone with a care plan opts out"),
            new(StaffReply, "{text}", "{text}", "A coordinator's answer in the inbox"),
            new(Notice, "【{office}】{text}", "[{office}] {text}", "A general notice"),
            new(Birthday, "【{office}】尊敬的{name}同志：值此您{age}岁生日之际，祝您生日快乐，健康长寿！", "[{office}] Dear {name}, happy birthday! Warm wishes on turning {age}, and good health.", "On a retiree's birthday, at 09:00"),
        ];
        foreach (var t in own) all[t.Id] = t;
        foreach (var t in Domain.Events.EventTemplates.All) all[t.Id] = new SmsTemplate(t.Id, t.ZhCn, t.En, t.Description);
        foreach (var t in Domain.Bereavement.BereavementTemplates.All) all[t.Id] = new SmsTemplate(t.Id, t.ZhCn, t.En, t.Description);
        foreach (var t in Domain.Certification.CertificationTemplates.All) all[t.Id] = new SmsTemplate(t.Id, t.ZhCn, t.En, t.Description);
        return all;
    }

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Templates, ct);

    public async Task<SmsTemplate?> GetAsync(string id, CancellationToken ct) =>
        (await CareRows.GetAsync<SmsTemplate>(await Table(ct), Partition, id, ct))?.Value ?? Defaults.GetValueOrDefault(id);

    public async Task<IReadOnlyList<SmsTemplate>> ListAsync(CancellationToken ct)
    {
        var all = new Dictionary<string, SmsTemplate>(Defaults, StringComparer.Ordinal);
        await foreach (var e in (await Table(ct)).QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: ct))
        {
            var t = CareRows.Read<SmsTemplate>(e);
            all[t.Id] = t;
        }
        return all.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    public async Task SaveAsync(SmsTemplate template, CancellationToken ct) =>
        await (await Table(ct)).UpsertEntityAsync(CareRows.Write(Partition, template.Id, template with { Edited = true }), TableUpdateMode.Replace, ct);

    /// <summary>The text for a language with the parameters filled in; throws when the template or a parameter is missing.</summary>
    public async Task<string> RenderAsync(string id, string language, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        var template = await GetAsync(id, ct) ?? throw new KeyNotFoundException($"No template {id}.");
        return TemplateText.Render(template.TextFor(language), parameters);
    }
}
