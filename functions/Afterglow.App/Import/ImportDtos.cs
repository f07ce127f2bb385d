namespace Afterglow.App.Import;

public sealed record ImportError(int Line, string Field, string Message);

/// <summary>A column of the file: what it maps to and how that was decided (known, remembered, mapped, ignored, unknown).</summary>
public sealed record ImportColumn(int Index, string Header, string? Field, string How, IReadOnlyList<string> Samples);

/// <summary>A row that may be someone already there: the registry record or earlier line it matches, why, and what will be done.</summary>
public sealed record ImportDuplicate(int Line, string Name, string Reason, string? RetireeId, string? RetireeName, int? OtherLine, string Choice);

/// <summary>A field the mapping step offers, named in both languages.</summary>
public sealed record ImportFieldDto(string Name, string Chinese, string English);

public sealed record ImportReport(bool DryRun, int Rows, int Valid, int Imported, IReadOnlyList<ImportError> Errors)
{
    public string ReadAs { get; set; } = "";
    public IReadOnlyList<string> Sheets { get; set; } = [];
    public string? Sheet { get; init; }
    public int HeaderLine { get; init; }
    public IReadOnlyList<ImportColumn> Columns { get; set; } = [];
    public IReadOnlyList<int> HiddenRows { get; set; } = [];
    public int EmptyRows { get; init; }
    public IReadOnlyList<ImportDuplicate> Duplicates { get; set; } = [];
    public int Updated { get; init; }
    public int Skipped { get; init; }
    public IReadOnlyList<ImportFieldDto> Fields { get; set; } = [];
    /// <summary>True when this is the stored report of the same import done before (nothing was written again).</summary>
    public bool Repeated { get; init; }
    /// <summary>The import job writing the rows (null for a dry run), running or done, and how many of its rows it has written.</summary>
    public string? JobId { get; init; }
    public string? State { get; init; }
    public int Processed { get; init; }
    public int Total { get; init; }
}

/// <summary>What to do with a row that matches someone: update them, skip the row, or create a new record anyway.</summary>
public static class DuplicateChoice
{
    public const string Update = "update";
    public const string Skip = "skip";
    public const string Create = "create";
    public static readonly string[] All = [Update, Skip, Create];
}
