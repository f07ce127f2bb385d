using Afterglow.App.Messages;
using Afterglow.App.Sms;
using Afterglow.App.Sms.China;
using Afterglow.Domain.Messaging;

namespace Afterglow.Tests.Sms;

/// <summary>The app on a fake mainland provider, every template registered; settings and fault injection per test class.</summary>
public abstract class MainlandFixture : IAsyncLifetime
{
    public const string Secret = "callback-secret-0123456789abcdef";
    public const string Sign = "夕阳关怀";
    public SmsAppFactory App { get; private set; } = null!;
    protected abstract string Gateway { get; }
    protected abstract Task StartFakeAsync();
    protected abstract Task StopFakeAsync();
    protected abstract IEnumerable<KeyValuePair<string, string?>> ProviderSettings();
    /// <summary>Tells the fake about a registered template: its code and the provider's variable names.</summary>
    protected abstract void Register(string code, IReadOnlyList<string> variables);

    private static readonly MainlandTemplates Registrations = new(new SmsOptions(), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
    protected virtual Func<IServiceProvider, ISmsGateway, ISmsGateway>? Wrap() => null;

    public static string CodeOf(string templateId, string language) => "SMS_" + ((uint)StringComparer.Ordinal.GetHashCode(templateId + language) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        await StartFakeAsync();
        var settings = new Dictionary<string, string?>(ProviderSettings())
        {
            ["Sms:Gateway"] = Gateway, ["Sms:SignName"] = Sign, ["Sms:CallbackSecret"] = Secret, ["Sms:From"] = "+8610690000",
            ["Sms:RatePerMinute"] = "100000", ["Sms:ThrottleDelayMilliseconds"] = "1",
        };
        foreach (var t in SmsTemplates.Defaults.Values)
            foreach (var language in MainlandTemplates.Languages(t))
            {
                var code = CodeOf(t.Id, language);
                settings[$"Sms:Registrations:{t.Id}:{language}:Code"] = code;
                Register(code, Registrations.Registration(t, language, Gateway).Variables.Select(v => v.Name).ToList());
            }
        App = new SmsAppFactory { Extra = settings, WrapGateway = Wrap() };
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await StopFakeAsync();
    }

    public static string Unique(int length) => Guid.NewGuid().ToString("N")[..length];

}

public class AliyunFixture : MainlandFixture
{
    public FakeAliyunServer Fake { get; private set; } = null!;
    protected override string Gateway => SmsGateways.Aliyun;
    protected override async Task StartFakeAsync() { Fake = await FakeAliyunServer.StartAsync(); Fake.SignName = Sign; }
    protected override Task StopFakeAsync() => Fake.DisposeAsync().AsTask();
    protected virtual string KeySecret => Fake.Secret;
    protected override IEnumerable<KeyValuePair<string, string?>> ProviderSettings() =>
        [new("Aliyun:AccessKeyId", FakeAliyunServer.KeyId), new("Aliyun:AccessKeySecret", KeySecret), new("Aliyun:Endpoint", Fake.Endpoint)];
    protected override void Register(string code, IReadOnlyList<string> variables) => Fake.Templates[code] = [.. variables];
}

public class TencentFixture : MainlandFixture
{
    public FakeTencentServer Fake { get; private set; } = null!;
    protected override string Gateway => SmsGateways.Tencent;
    protected override async Task StartFakeAsync() { Fake = await FakeTencentServer.StartAsync(); Fake.SignName = Sign; }
    protected override Task StopFakeAsync() => Fake.DisposeAsync().AsTask();
    protected virtual string KeySecret => Fake.SecretKey;
    protected override IEnumerable<KeyValuePair<string, string?>> ProviderSettings() =>
    [
        new("Tencent:SecretId", FakeTencentServer.SecretId), new("Tencent:SecretKey", KeySecret), new("Tencent:SdkAppId", FakeTencentServer.SdkAppId),
        new("Tencent:Region", "ap-guangzhou"), new("Tencent:Endpoint", Fake.Endpoint),
    ];
    protected override void Register(string code, IReadOnlyList<string> variables) => Fake.Templates[code] = variables.Count;
}

/// <summary>The process stops after the provider answered and before the answer is recorded, once.</summary>
public sealed class ProcessStopped() : Exception("The process stopped between sending and recording.");

public sealed class StopAfterSend(ISmsGateway inner) : ISmsGateway
{
    private int _stops;

    public async Task<IReadOnlyList<SmsSendResult>> SendAsync(SmsSendRequest request, CancellationToken ct)
    {
        var results = await inner.SendAsync(request, ct);
        if (Interlocked.Increment(ref _stops) == 1) throw new ProcessStopped();
        return results;
    }
}
