using System.Text;
using System.Xml;

namespace Afterglow.App.Import;

/// <summary>
/// Streams one worksheet's XML into rows of text. Empty rows (a sheet formatted down to row 1,048,576) are
/// counted, not kept; hidden rows with data are skipped and named; merged ranges are filled from their first cell.
/// </summary>
internal sealed class SheetReader(string[] shared, bool[] dateStyles, bool date1904)
{
    private readonly SortedDictionary<int, string[]> _rows = [];
    private readonly List<int> _hidden = [];
    private readonly List<string> _merges = [];
    private int _empty;

    // The row and cell being read (closed when the next one starts, so empty elements need no end event).
    private int _row;
    private bool _rowHidden;
    private Dictionary<int, string>? _cells;
    private int _col = -1;
    private string? _type;
    private string? _value;
    private uint _style;
    private bool _formula;
    private readonly StringBuilder _inline = new();
    private bool _inCell;
    private string? _text; // the text of the <v> or <t> being read, null outside one
    private int _phonetic;

    public ImportTable Read(XmlReader reader)
    {
        while (reader.Read())
        {
            if (XlsxReader.IsElement(reader))
            {
                var empty = reader.IsEmptyElement;
                switch (reader.LocalName)
                {
                    case "row": StartRow(reader); break;
                    case "c": StartCell(reader); if (empty) EndCell(); break;
                    case "mergeCell" when !_inCell: _merges.Add(reader.GetAttribute("ref") ?? ""); break;
                    case "v" when _inCell: _value = ""; _text = empty ? null : ""; break;
                    case "f" when _inCell: _formula = true; break;
                    case "rPh" when _inCell && !empty: _phonetic++; break;
                    case "t" when _inCell && !empty && _phonetic == 0: _text = ""; break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && XlsxReader.IsMain(reader))
            {
                switch (reader.LocalName)
                {
                    case "c": EndCell(); break;
                    case "v" when _text is not null: _value = _text; _text = null; break;
                    case "t" when _text is not null: _inline.Append(_text); _text = null; break;
                    case "rPh" when _inCell: _phonetic--; break;
                }
            }
            else if (_text is not null && XlsxReader.IsText(reader)) _text += reader.Value;
        }
        EndCell();
        EndRow();
        FillMerges();
        return new ImportTable("", _rows.Select(kv => new ImportRow(kv.Key, kv.Value)).ToList()) { HiddenRows = _hidden, EmptyRows = _empty };
    }

    private void StartRow(XmlReader reader)
    {
        EndCell();
        EndRow();
        _row = int.TryParse(reader.GetAttribute("r"), out var r) && r > 0 ? r : _row + 1;
        _rowHidden = reader.GetAttribute("hidden") is "1" or "true";
        _cells = null;
        _col = -1;
    }

    private void EndRow()
    {
        if (_row == 0) return;
        if (_cells is null || _cells.Values.All(string.IsNullOrWhiteSpace)) _empty++;
        else if (_rowHidden) _hidden.Add(_row);
        else
        {
            if (_rows.Count >= ImportLimits.MaxDataRows + ImportLimits.HeaderSearchRows)
                throw new ImportRefused("file", $"The sheet has more than {ImportLimits.MaxDataRows:N0} rows with data; split it into smaller files.");
            var width = _cells.Keys.Max() + 1;
            var cells = new string[width];
            for (var i = 0; i < width; i++) cells[i] = _cells.TryGetValue(i, out var v) ? v : "";
            _rows[_row] = cells;
        }
        _cells = null;
    }

    private void StartCell(XmlReader reader)
    {
        EndCell();
        _inCell = true;
        _col = reader.GetAttribute("r") is { } reference ? Column(reference) : _col + 1;
        _type = reader.GetAttribute("t");
        _style = uint.TryParse(reader.GetAttribute("s"), out var s) ? s : 0;
        _value = null;
        _formula = false;
        _inline.Clear();
        _text = null;
        _phonetic = 0;
    }

    private void EndCell()
    {
        if (!_inCell) return;
        _inCell = false;
        var dateStyle = _style < dateStyles.Length && dateStyles[_style];
        var text = XlsxReader.CellText(_type, _value, _inline.ToString(), dateStyle, date1904, shared, _formula, out var error);
        if (error is not null)
            throw new ImportRefused("file", $"Cell {ColumnName(_col)}{_row}: {error}");
        if (text.Length == 0) return;
        if (_col >= ImportLimits.MaxColumns)
            throw new ImportRefused("file", $"Cell {ColumnName(_col)}{_row} holds data beyond the {ImportLimits.MaxColumns} columns an import reads.");
        (_cells ??= [])[_col] = text;
    }

    /// <summary>A merged range shows its first cell's value in every cell (a unit written once for a block of people).</summary>
    private void FillMerges()
    {
        foreach (var range in _merges)
        {
            var parts = range.Split(':');
            if (parts.Length != 2) continue;
            var (c1, r1) = (Column(parts[0]), RowOf(parts[0]));
            var (c2, r2) = (Column(parts[1]), RowOf(parts[1]));
            if (c2 >= ImportLimits.MaxColumns || !_rows.TryGetValue(r1, out var first) || c1 >= first.Length) continue;
            var value = first[c1];
            foreach (var (row, cells) in _rows.Where(kv => kv.Key >= r1 && kv.Key <= r2).ToList())
            {
                var target = cells.Length > c2 ? cells : [.. cells, .. Enumerable.Repeat("", c2 + 1 - cells.Length)];
                for (var c = c1; c <= c2; c++) if (target[c].Length == 0) target[c] = value;
                _rows[row] = target;
            }
        }
    }

    /// <summary>"AB12" → 27 (zero-based).</summary>
    private static int Column(string reference)
    {
        var col = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch)) break;
            col = col * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
            if (col > 20_000) break;
        }
        return col - 1;
    }

    private static int RowOf(string reference) => int.TryParse(new string(reference.SkipWhile(char.IsAsciiLetter).ToArray()), out var r) ? r : 0;

    internal static string ColumnName(int col)
    {
        var name = "";
        for (var c = col + 1; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name;
    }
}
