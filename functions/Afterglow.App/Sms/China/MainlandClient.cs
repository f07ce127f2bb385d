using Afterglow.App.Messages;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Afterglow.App.Sms.China;

/// <summary>Retries inside one send: only answers that say the request was refused unprocessed (throttled, clock or nonce).</summary>
public class MainlandClientOptions : ClientOptions
{
    public int ThrottleRetries { get; set; } = 2;
    public TimeSpan ThrottleDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>What one provider call said: the HTTP status and the provider's own code.</summary>
public sealed record ProviderAnswer(int Status, string? Code, string? Message, System.Text.Json.JsonElement Body);

/// <summary>
/// What the Aliyun and Tencent clients share. A send is not idempotent at either provider and neither takes a
/// repeatability id, so: a throttled request (refused unprocessed) is retried here with backoff; a 5xx or lost
/// connection is thrown to the outbox, which retries later — and before a message is sent again the provider's send
/// records are read for our correlation id (OutId / SessionContext = the dispatcher's batch tag), so a send that got
/// through before a crash is recognised and not repeated (ADR 0011).
/// </summary>
public abstract class MainlandClient(HttpPipeline pipeline, MainlandClientOptions options, SmsTemplates templates, MainlandTemplates mainland, OutboxStore store) : ISmsGateway
{
    protected HttpPipeline Pipeline { get; } = pipeline;

    public async Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct)
    {
        var results = new List<SmsSendResult>();
        var fresh = new List<SmsRecipient>();
        foreach (var r in request.Recipients)
        {
            if (r.Resend && await AlreadySentAsync(r, ct) is (true, var providerId)) results.Add(new SmsSendResult(r.To, true, 200, providerId, null, "rejected"));
            else fresh.Add(r);
        }
        if (fresh.Count == 0) return results;
        var use = request.Template ?? throw new InvalidOperationException("A mainland gateway sends templates; the request names none.");
        var template = await templates.GetAsync(use.TemplateId, ct);
        var registration = template is null ? null : mainland.Registration(template, MainlandTemplates.LanguageKey(template, use.Language), Provider);
        if (registration?.Code is null)
        {
            results.AddRange(fresh.Select(r => new SmsSendResult(r.To, false, 400, null, $"No {Provider} template code for {use.TemplateId} ({use.Language}).", null)));
            return results;
        }
        var variables = registration.Variables.Select(v => (v.Name, Value: use.Parameters.GetValueOrDefault(v.Parameter, ""))).ToList();
        results.AddRange(await SendFreshAsync(fresh, registration.Code, variables, request.Tag, ct));
        return results;
    }

    protected abstract string Provider { get; }

    /// <summary>One provider request for these recipients; per-recipient results; throws for a failed request.</summary>
    protected abstract Task<IReadOnlyList<SmsSendResult>> SendFreshAsync(IReadOnlyList<SmsRecipient> recipients, string code, IReadOnlyList<(string Name, string Value)> variables, string tag, CancellationToken ct);

    /// <summary>The correlation ids (batch tags) and provider ids of sends to this number since the first attempt.</summary>
    protected abstract Task<IReadOnlyList<(string Tag, string? ProviderId)>> SentSinceAsync(string to, DateTimeOffset since, CancellationToken ct);

    /// <summary>Whether an earlier attempt of this very message is in the provider's records, and its provider id if they give one.</summary>
    private async Task<(bool Found, string? ProviderId)> AlreadySentAsync(SmsRecipient r, CancellationToken ct)
    {
        foreach (var (tag, providerId) in await SentSinceAsync(r.To, r.RepeatabilityFirstSent - TimeSpan.FromMinutes(1), ct))
            if (await store.GetBatchAsync(tag, ct) is { } batch && batch.TryGetValue(r.To, out var id) && OutboxStore.RepeatabilityIdOf(id) == r.RepeatabilityRequestId)
                return (true, providerId);
        return (false, null);
    }

    /// <summary>Sends, retrying throttled answers with backoff; <paramref name="classify"/> reads the answer.</summary>
    protected async Task<ProviderAnswer> CallAsync(Func<HttpMessage> create, Func<ProviderAnswer, bool> throttled, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var message = create();
            await Pipeline.SendAsync(message, ct);
            var answer = Read(message.Response);
            if (!throttled(answer) || attempt >= options.ThrottleRetries)
            {
                if (throttled(answer)) throw new RequestFailedException(429, $"{Provider} throttled the request: {answer.Code} {answer.Message}", answer.Code, null);
                if (answer.Status >= 500) throw new RequestFailedException(answer.Status, $"{Provider}: {answer.Code} {answer.Message}", answer.Code, null);
                return answer;
            }
            await Task.Delay(options.ThrottleDelay * Math.Pow(2, attempt), ct);
        }
    }

    protected abstract ProviderAnswer Read(Response response);

    protected static HttpPipeline Build(ClientOptions options, HttpPipelinePolicy signing)
    {
        // The outbox owns retries across runs; the pipeline's own retry would resend a non-idempotent request.
        options.Retry.MaxRetries = 0;
        return HttpPipelineBuilder.Build(options, signing);
    }

    /// <summary>"+8613912345678" → "13912345678"; elsewhere the country code without "+".</summary>
    public static string Domestic(string e164) => e164.StartsWith("+86", StringComparison.Ordinal) ? e164[3..] : e164.TrimStart('+');
}
