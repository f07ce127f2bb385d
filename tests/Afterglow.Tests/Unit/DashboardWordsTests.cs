using System.Text.RegularExpressions;
using Afterglow.App.Messages;
using Afterglow.Tests.Deployment;

namespace Afterglow.Tests.Unit;

/// <summary>
/// Codes the server hands the dashboard are worded in both of its languages: a Chinese office must not read an
/// English template name or a raw audit action because a feature added a code and not its words.
/// </summary>
public partial class DashboardWordsTests
{
    [Fact]
    public void Every_built_in_SMS_template_is_named_in_both_tables()
    {
        Assert.Contains("event.invite", SmsTemplates.Defaults.Keys);
        foreach (var file in WebStrings.Files)
        {
            var table = WebStrings.Table(file);
            var missing = SmsTemplates.Defaults.Keys.Where(id => !table.ContainsKey("templateInfo." + id)).ToList();
            Assert.True(missing.Count == 0, $"{file} names no templateInfo for {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Every_audit_action_the_server_records_is_worded_in_both_tables()
    {
        var sources = Directory.EnumerateFiles(Repository.PathTo("functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var actions = sources.SelectMany(f => AuditCall().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.True(actions.Count >= 40 && actions.Contains("retiree.archive") && actions.Contains("retiree.importFile"), $"the scan should find every kind of action: {string.Join(", ", actions)}");
        foreach (var file in WebStrings.Files)
        {
            var table = WebStrings.Table(file);
            var missing = actions.Where(a => !table.ContainsKey("audit." + a)).Order(StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, $"{file} has no audit.{string.Join(", audit.", missing)}");
        }
    }

    [Fact]
    public void Every_field_of_a_retiree_record_is_labelled_in_both_tables_for_the_change_history()
    {
        // The trail names fields as the JSON does ("children: [] → [...]"); the dashboard shows each by its label.
        var fields = typeof(Afterglow.Domain.Registry.RetireeProfile).GetProperties().Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
        Assert.Contains("children", fields);
        foreach (var file in WebStrings.Files)
        {
            var table = WebStrings.Table(file);
            var missing = fields.Where(f => !table.ContainsKey("retiree." + f)).ToList();
            Assert.True(missing.Count == 0, $"{file} has no retiree.{string.Join(", retiree.", missing)}");
        }
    }

    [Fact]
    public void Every_outcome_of_an_inbound_SMS_is_worded_in_both_tables_for_the_dev_phone()
    {
        var outcomes = Enum.GetNames<Afterglow.App.Sms.InboundOutcome>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName).ToList();
        foreach (var file in WebStrings.Files)
        {
            var table = WebStrings.Table(file);
            var missing = outcomes.Where(o => !table.ContainsKey("inboundOutcome." + o)).ToList();
            Assert.True(missing.Count == 0, $"{file} has no inboundOutcome.{string.Join(", inboundOutcome.", missing)}");
        }
    }

    [Fact]
    public void Every_certification_timeline_line_state_and_way_is_worded_in_both_tables()
    {
        // Lines are made by CertificationMapping.Line(at, "code", ...); the scan finds each code the server writes.
        var folder = Path.Combine(Repository.PathTo("functions"), "Afterglow.App", "Certification");
        var codes = Directory.EnumerateFiles(folder, "*.cs").SelectMany(f => CertificationLine().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.True(codes.SetEquals(["added", "reminded", "done", "state"]), $"the scan should find every line code: {string.Join(", ", codes)}");
        var keys = codes.Select(c => "certification.line." + c)
            .Concat(Enum.GetNames<Afterglow.Domain.Certification.CertificationState>().Select(n => "certificationState." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(n)))
            .Concat(Enum.GetNames<Afterglow.Domain.Certification.CertifiedHow>().Select(n => "certifiedHow." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(n)));
        foreach (var file in WebStrings.Files)
        {
            var table = WebStrings.Table(file);
            var missing = keys.Where(k => !table.ContainsKey(k)).ToList();
            Assert.True(missing.Count == 0, $"{file} has no {string.Join(", ", missing)}");
        }
    }

    [GeneratedRegex("""CertificationMapping\.Line\([^,]+,\s*"([a-zA-Z]+)",""")]
    private static partial Regex CertificationLine();

    /// <summary>The action of an audit record: the first dotted literal inside a call that records one.</summary>
    [GeneratedRegex("""(?:\.RecordAsync|\.RecordManyAsync|\.ReplaceAsync)\([^;]*?\$?"([a-z]+(?:\.[a-zA-Z]+)+)""")]
    private static partial Regex AuditCall();
}
