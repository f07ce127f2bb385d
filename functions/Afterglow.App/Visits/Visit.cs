using System.Text.Json;
using Afterglow.App.Problems;

namespace Afterglow.App.Visits;

/// <summary>走访慰问: what kind of visit or call it was.</summary>
public enum VisitKind { Home, Hospital, Festival, Birthday, Condolence, Phone, Other }

/// <summary>One visit or call to a retiree, as logged by whoever made it or heard of it.</summary>
public sealed record Visit
{
    public required string Id { get; init; }
    public required string RetireeId { get; init; }
    /// <summary>The office-local day of the visit (not when it was logged).</summary>
    public DateOnly Date { get; init; }
    public VisitKind Kind { get; init; }
    /// <summary>Who went, as typed ("王处长、李老师").</summary>
    public string? Visitors { get; init; }
    /// <summary>The visitors chosen from People, so visits count per person (batch logging; ADR 0014c).</summary>
    public IReadOnlyList<string> VisitorIds { get; init; } = [];
    public string? Note { get; init; }
    /// <summary>Gifts or subsidy handed over, in the office's currency.</summary>
    public decimal? Amount { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>The body of POST /api/retirees/{id}/visits.</summary>
public sealed record VisitRequest(DateOnly? Date, VisitKind? Kind, string? Visitors, string? Note, decimal? Amount);

public sealed record VisitDto(string Id, string RetireeId, string? RetireeName, DateOnly Date, VisitKind Kind, string? Visitors, string? Note,
    decimal? Amount, string RecordedBy, DateTimeOffset RecordedAt, IReadOnlyList<string> VisitorIds);

public static class VisitMapping
{
    public static VisitDto ToDto(this Visit v, string? retireeName) =>
        new(v.Id, v.RetireeId, retireeName, v.Date, v.Kind, v.Visitors, v.Note, v.Amount, v.RecordedBy, v.RecordedAt, v.VisitorIds);

    /// <summary>"festival" → Festival, as the JSON names kinds; never a number.</summary>
    public static bool TryParseKind(string text, out VisitKind kind)
    {
        foreach (var k in Enum.GetValues<VisitKind>())
        {
            if (JsonNamingPolicy.CamelCase.ConvertName(k.ToString()) != text) continue;
            kind = k;
            return true;
        }
        kind = default;
        return false;
    }
}

public static class VisitValidation
{
    public const int MaxVisitors = 200;
    public const int MaxNote = 2000;
    public const decimal MaxAmount = 1_000_000m;
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>A visit from the request, or the field errors named as the JSON names them.</summary>
    public static (Visit? Visit, FieldErrors Errors) Validate(VisitRequest body, string retireeId, string recordedBy, DateOnly today, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (body.Date is not { } date) errors.Add("date", "Enter the day of the visit.");
        else if (date > today) errors.Add("date", "The visit cannot be in the future.");
        else if (date < Earliest) errors.Add("date", $"Enter a day from {Earliest:yyyy-MM-dd} on.");
        if (body.Kind is null) errors.Add("kind", "Choose the kind of visit.");
        var visitors = Trimmed(body.Visitors);
        if (visitors?.Length > MaxVisitors) errors.Add("visitors", $"At most {MaxVisitors} characters.");
        var note = Trimmed(body.Note);
        if (note?.Length > MaxNote) errors.Add("note", $"At most {MaxNote} characters.");
        if (body.Amount is { } amount && (amount < 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount))
            errors.Add("amount", $"An amount from 0 to {MaxAmount:0}, in yuan and fen (at most two decimals).");
        if (errors.Any) return (null, errors);

        var visit = new Visit
        {
            Id = VisitStore.NewId(body.Date!.Value),
            RetireeId = retireeId,
            Date = body.Date.Value,
            Kind = body.Kind!.Value,
            Visitors = visitors,
            Note = note,
            Amount = body.Amount,
            RecordedBy = recordedBy,
            RecordedAt = now,
        };
        return (visit, errors);
    }

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
