namespace Afterglow.App.Problems;

/// <summary>
/// Reading a multipart or url-encoded form. A body that breaks off, is malformed or goes over the readers' limits
/// (too many fields, a part header too long) is the client's error: a 400 problem, not a 500.
/// </summary>
public static class Forms
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await request.ReadFormAsync(ct); }
        // BadHttpRequestException (an IOException too) already carries its status, e.g. 413 for a body over the limit.
        catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException && !ct.IsCancellationRequested))
        {
            throw new BadHttpRequestException($"The form is malformed, cut off or over a limit: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }
}
