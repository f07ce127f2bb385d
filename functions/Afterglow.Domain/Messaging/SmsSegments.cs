namespace Afterglow.Domain.Messaging;

public enum SmsEncoding { Gsm7, Ucs2 }

/// <summary>How a text travels: its encoding, length in that encoding's units, and the SMS segments it takes.</summary>
public sealed record SmsLength(SmsEncoding Encoding, int Units, int Segments)
{
    public decimal Cost(decimal perSegment) => Segments * perSegment;
}

/// <summary>
/// Carriers bill per segment (azure-notes B.10): GSM-7 fits 160 septets in one SMS and 153 per part once split;
/// anything outside GSM-7 (Chinese, emoji) goes as UCS-2: 70 UTF-16 units, 67 per part. Extended GSM
/// characters (€ [ ] { } \ ^ ~ |) take two septets.
/// </summary>
public static class SmsSegments
{
    public const int MaxLength = 2048;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extended = "\f^{}\\[~]|€";

    public static SmsLength Measure(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c)) septets++;
            else if (Extended.Contains(c)) septets += 2;
            else return Ucs2(text);
        }
        return new SmsLength(SmsEncoding.Gsm7, septets, septets == 0 ? 0 : septets <= 160 ? 1 : (septets + 152) / 153);
    }

    private static SmsLength Ucs2(string text)
    {
        var units = text.Length; // UTF-16 code units: an emoji is two, as on the air
        return new SmsLength(SmsEncoding.Ucs2, units, units <= 70 ? 1 : (units + 66) / 67);
    }
}
