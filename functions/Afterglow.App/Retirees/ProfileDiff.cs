using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Afterglow.App.Problems;
using Afterglow.App.Serialization;
using Afterglow.Domain.Registry;

namespace Afterglow.App.Retirees;

/// <summary>What changed between two versions of a profile, for the audit trail: "field: old → new".</summary>
public static class ProfileDiff
{
    public static string Describe(RetireeProfile before, RetireeProfile after)
    {
        var a = JsonSerializer.SerializeToNode(before, ProblemExtensions.Json.Info<RetireeProfile>())!.AsObject();
        var b = JsonSerializer.SerializeToNode(after, ProblemExtensions.Json.Info<RetireeProfile>())!.AsObject();
        var changes = b.Where(kv => !JsonNode.DeepEquals(kv.Value, a[kv.Key]))
            .Select(kv => $"{kv.Key}: {Short(a[kv.Key])} → {Short(kv.Value)}")
            .ToList();
        return changes.Count == 0 ? "No changes" : string.Join("; ", changes);
    }

    // Chinese stays readable in the trail ("襄阳", not "\u8944\u9633").
    private static readonly JsonSerializerOptions Readable = new(ProblemExtensions.Json) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private static string Short(JsonNode? n)
    {
        var s = n?.ToJsonString(Readable) ?? "null";
        return s.Length > 200 ? s[..200] + "…" : s;
    }
}
