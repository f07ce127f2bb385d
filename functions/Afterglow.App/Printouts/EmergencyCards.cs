using System.Text;
using Afterglow.Domain.Phones;
using Afterglow.Domain.Registry;
using QRCoder;

namespace Afterglow.App.Printouts;

/// <summary>One labelled line of a card, as printed.</summary>
public sealed record CardLine(string Label, string Value);

/// <summary>A QR code as one SVG path over a square of <c>Size</c> modules (the quiet zone included), drawn by the dashboard.</summary>
public sealed record QrPath(int Size, string Path);

/// <summary>
/// One emergency card (胸卡): the title, the name and the lines printed, and a QR code of exactly that text. The
/// retiree's id is for the dashboard's list only; it is neither printed nor in the code.
/// </summary>
public sealed record CardView(string RetireeId, string Title, string Name, IReadOnlyList<CardLine> Lines, bool HasContact, QrPath Qr);

/// <summary>
/// What goes on an emergency card, and its QR code. The code holds the printed text and nothing else — no link,
/// no id — so whoever finds the card learns no more by scanning it than by reading it, and needs no sign-in.
/// </summary>
public static class EmergencyCards
{
    /// <summary>Medical notes are cut here: the card has room for two lines, and a longer code is harder to scan.</summary>
    public const int MaxMedical = 60;

    public static CardView Card(Retiree r, string officeName, string? hotline, bool medical, bool zh, PhoneNumberRules phones)
    {
        var p = r.Profile;
        var lines = new List<CardLine>();
        if (!string.IsNullOrWhiteSpace(hotline)) lines.Add(new(zh ? "服务热线" : "Office hotline", phones.Display(hotline)));
        var contact = p.EmergencyContacts.FirstOrDefault();
        if (contact is not null)
        {
            var who = string.IsNullOrWhiteSpace(contact.Relation) ? contact.Name : zh ? $"{contact.Name}（{contact.Relation}）" : $"{contact.Name} ({contact.Relation})";
            lines.Add(new(zh ? "紧急联系人" : "Emergency contact", who));
            lines.Add(new(zh ? "联系电话" : "Phone", phones.Display(contact.Phone)));
        }
        if (medical && Medical(p, zh) is { } notes) lines.Add(new(zh ? "病情备注" : "Medical notes", notes));
        var title = zh ? $"{officeName} · 紧急联系卡" : $"{officeName} · Emergency card";
        return new CardView(r.Id, title, p.Name, lines, contact is not null, Qr(Text(title, p.Name, lines)));
    }

    /// <summary>The card's text as printed, line by line: what the QR code holds.</summary>
    public static string Text(string title, string name, IEnumerable<CardLine> lines) =>
        string.Join('\n', new[] { title, name }.Concat(lines.Select(l => $"{l.Label}: {l.Value}")));

    /// <summary>Conditions, then the health notes, on one line; null when there are none.</summary>
    private static string? Medical(RetireeProfile p, bool zh)
    {
        var parts = p.Conditions.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToList();
        if (!string.IsNullOrWhiteSpace(p.HealthNotes)) parts.Add(string.Join(' ', p.HealthNotes.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        if (parts.Count == 0) return null;
        var text = string.Join(zh ? "；" : "; ", parts);
        return text.Length <= MaxMedical ? text : text[..(MaxMedical - 1)] + "…";
    }

    /// <summary>
    /// UTF-8 with its ECI header (the standard way to say "UTF-8" inside the code, so readers do not guess at
    /// Chinese bytes); level M survives a scratched or creased card.
    /// </summary>
    public static QrPath Qr(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M, forceUtf8: true, utf8BOM: false, eciMode: QRCodeGenerator.EciMode.Utf8);
        var rows = data.ModuleMatrix;
        var path = new StringBuilder();
        for (var y = 0; y < rows.Count; y++)
            for (var x = 0; x < rows[y].Length; x++)
            {
                if (!rows[y][x]) continue;
                // A run of dark modules is one rectangle: a third of the path of one square per module.
                var start = x;
                while (x + 1 < rows[y].Length && rows[y][x + 1]) x++;
                path.Append('M').Append(start).Append(' ').Append(y).Append('h').Append(x - start + 1).Append("v1h-").Append(x - start + 1).Append('z');
            }
        return new QrPath(rows.Count, path.ToString());
    }
}
