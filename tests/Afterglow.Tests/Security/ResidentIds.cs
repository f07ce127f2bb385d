namespace Afterglow.Tests.Security;

/// <summary>Valid resident ID numbers for test data (GB 11643 check character computed independently of the app).</summary>
public static class ResidentIds
{
    public static string Make(string region, DateOnly born, int sequence)
    {
        var body = $"{region}{born:yyyyMMdd}{sequence:D3}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
