using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Afterglow.App.Import;

/// <summary>
/// One sheet of text cells as .xlsx (ADR 0015): a bold, frozen header row, every cell text (an ID number or a
/// phone never turns into 4.2E+17), and a drop-down list per column that has fixed values.
/// </summary>
public static class XlsxWriter
{
    public static byte[] Write(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows,
        IReadOnlyDictionary<int, string[]>? choices = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var part = workbook.AddNewPart<WorksheetPart>();

            var data = new SheetData();
            data.Append(Row(1, header, bold: true));
            var line = 1;
            foreach (var r in rows) data.Append(Row(++line, r, bold: false));

            var sheetView = new SheetView { WorkbookViewId = 0U };
            sheetView.Append(new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            var worksheet = new Worksheet(new SheetViews(sheetView),
                new Columns(header.Select((h, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Max(10, h.Length * 2.2 + 2), CustomWidth = true })),
                data);
            if (choices is { Count: > 0 })
            {
                var validations = new DataValidations();
                foreach (var (col, values) in choices)
                {
                    var letters = SheetReader.ColumnName(col);
                    validations.Append(new DataValidation(new Formula1($"\"{string.Join(',', values)}\""))
                    {
                        Type = DataValidationValues.List, AllowBlank = true, ShowErrorMessage = true,
                        SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letters}2:{letters}{Math.Max(line, 2) + 5000}" },
                    });
                }
                validations.Count = (uint)choices.Count;
                worksheet.Append(validations);
            }
            part.Worksheet = worksheet;
            workbook.Workbook.Append(new Sheets(new Sheet { Name = sheetName, SheetId = 1U, Id = workbook.GetIdOfPart(part) }));
        }
        return stream.ToArray();
    }

    private static Row Row(int index, IReadOnlyList<string> cells, bool bold)
    {
        var row = new Row { RowIndex = (uint)index };
        for (var i = 0; i < cells.Count; i++)
        {
            if (string.IsNullOrEmpty(cells[i])) continue;
            row.Append(new Cell(new InlineString(new Text(cells[i]) { Space = SpaceProcessingModeValues.Preserve }))
            {
                CellReference = SheetReader.ColumnName(i) + index, DataType = CellValues.InlineString, StyleIndex = bold ? 1U : 2U,
            });
        }
        return row;
    }

    // Style 0 default, 1 bold header, 2 text (@) so Excel keeps long numbers as typed.
    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true, NumberFormatId = 49, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }));
}
