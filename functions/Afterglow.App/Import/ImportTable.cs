namespace Afterglow.App.Import;

/// <summary>One row of the file as text cells, with the line (CSV) or row number (sheet) people see.</summary>
public sealed record ImportRow(int Line, string[] Cells);

/// <summary>
/// A file read into rows of text, whatever it was: what it was read as (for the report), the sheets a workbook
/// has and the one read, and the rows a person hid in Excel (skipped, but named so nobody is lost unseen).
/// </summary>
public sealed record ImportTable(string ReadAs, IReadOnlyList<ImportRow> Rows)
{
    public IReadOnlyList<string> Sheets { get; init; } = [];
    public string? Sheet { get; init; }
    public IReadOnlyList<int> HiddenRows { get; init; } = [];
    public int EmptyRows { get; init; }
}

/// <summary>A file that cannot be read as a table: the field the problem names and what the file looks like.</summary>
public sealed class ImportRefused(string field, string message, IReadOnlyList<string>? sheets = null) : Exception(message)
{
    public string Field { get; } = field;
    public IReadOnlyList<string>? Sheets { get; } = sheets;
}

/// <summary>Limits on what an import reads (a registry of 6,000+ fits well inside them).</summary>
public static class ImportLimits
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    /// <summary>All a workbook's parts together, uncompressed: the declared sizes are checked before anything is read.</summary>
    public const long MaxUnzippedBytes = 100L * 1024 * 1024;
    public const int MaxZipEntries = 2_000;
    public const int MaxDataRows = 20_000;
    public const int MaxColumns = 200;
    /// <summary>The header is searched for in this many non-empty rows (a title row or two often comes first).</summary>
    public const int HeaderSearchRows = 20;
}
