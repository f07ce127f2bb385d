using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.App.Sms;

/// <summary>
/// A pipeline policy that signs each attempt over the request's body (ACS HMAC, Alibaba Cloud ACS3, Tencent
/// Cloud TC3 all hash the payload). Runs per retry, so a retried request is signed anew with a fresh date.
/// </summary>
public abstract class BodySigningPolicy : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message, BodyAsync(message, CancellationToken.None).GetAwaiter().GetResult());
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sign(message, await BodyAsync(message, message.CancellationToken));
        await ProcessNextAsync(message, pipeline);
    }

    /// <summary>Sets the provider's date, hash and authorization headers for this attempt.</summary>
    protected abstract void Sign(HttpMessage message, byte[] body);

    private static async Task<byte[]> BodyAsync(HttpMessage message, CancellationToken ct)
    {
        if (message.Request.Content is null) return [];
        using var buffer = new MemoryStream();
        await message.Request.Content.WriteToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
