using Afterglow.App.Sms;
using Afterglow.App.Storage;
using Afterglow.Domain.Messaging;
using Azure;
using Azure.Data.Tables;

namespace Afterglow.App.Office;

/// <summary>
/// What an admin set in Settings; stored as one row, each value over the app setting of the same name. The hotline
/// (E.164, printed on emergency cards) has no app setting: a row stored before it existed reads as none.
/// </summary>
public sealed record OfficeSettings(string Name, string TimeZone, TimeOnly QuietStart, TimeOnly QuietEnd, string? Hotline = null);

/// <summary>The office settings row in the Settings table (one row, written under its ETag).</summary>
public sealed class OfficeSettingsStore(StorageAccount storage)
{
    private const string Pk = "office", Rk = "current";

    private Task<TableClient> Table(CancellationToken ct) => storage.TableAsync(StorageNames.Settings, ct);

    public async Task<(OfficeSettings Value, ETag ETag)?> GetAsync(CancellationToken ct) => await Rows.GetAsync<OfficeSettings>(await Table(ct), Pk, Rk, ct);

    /// <summary>Writes only over the version the caller read (<paramref name="etag"/> null: only when nothing is stored yet). Null when someone wrote first.</summary>
    public async Task<ETag?> SaveAsync(OfficeSettings value, ETag? etag, CancellationToken ct) => await Rows.SaveAsync(await Table(ct), Pk, Rk, value, etag, ct);
}

/// <summary>
/// The one place the office's name, time zone and quiet hours are read: the stored settings when an admin set
/// them, else the app settings. Kept for a short while, so a change reaches every instance within
/// <see cref="CacheFor"/> (and this instance at once) without a restart.
/// </summary>
public sealed class OfficeProfile(OfficeSettingsStore store, OfficeOptions office, SmsOptions sms, TimeProvider time, ILogger<OfficeProfile> log)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private sealed record Snapshot(OfficeSettings Settings, TimeZoneInfo Zone, QuietHours Quiet, ETag? ETag, DateTimeOffset ReadAt);

    private Snapshot? _current;
    private int _refreshing;
    private int _saves; // a read that started before a save must not put the old values back

    /// <summary>The settings from the deployment, before any admin change.</summary>
    public OfficeSettings Defaults => new(office.Name, office.TimeZone, sms.QuietHours.Start, sms.QuietHours.End);

    public string Name => Current.Settings.Name;
    /// <summary>The number the office answers (E.164), or null when no admin has set one.</summary>
    public string? Hotline => Current.Settings.Hotline;
    public TimeZoneInfo Zone => Current.Zone;
    public QuietHours QuietHours => Current.Quiet;

    private Snapshot Current
    {
        get
        {
            var s = Volatile.Read(ref _current);
            // The first read waits for storage once; later a stale copy is used while a fresh one is read.
            if (s is null) return First();
            if (time.GetUtcNow() - s.ReadAt > CacheFor && Interlocked.Exchange(ref _refreshing, 1) == 0)
                _ = Task.Run(async () =>
                {
                    try { await LoadAsync(CancellationToken.None); }
                    catch (Exception e) { log.LogWarning(e, "Office settings not re-read; keeping the ones read at {At}", s.ReadAt); }
                    finally { Volatile.Write(ref _refreshing, 0); }
                });
            return s;
        }
    }

    // Storage out of reach at the first read: the app settings for now, read again at the next use.
    private Snapshot First()
    {
        try { return LoadAsync(CancellationToken.None).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is RequestFailedException or AggregateException or IOException or TimeoutException)
        {
            log.LogWarning(e, "Office settings not read; using the app settings until they can be");
            return Remember(Defaults, null, readAt: DateTimeOffset.MinValue);
        }
    }

    /// <summary>Reads the stored row now (the Settings page reads through here, so it always shows what is stored).</summary>
    public async Task<(OfficeSettings Settings, ETag? ETag)> ReadAsync(CancellationToken ct)
    {
        var s = await LoadAsync(ct);
        return (s.Settings, s.ETag);
    }

    /// <summary>Writes under the ETag read; this instance uses the new values from the next call on. False when someone wrote first.</summary>
    public async Task<(bool Saved, ETag? ETag)> SaveAsync(OfficeSettings value, ETag? etag, CancellationToken ct)
    {
        if (await store.SaveAsync(value, etag, ct) is not { } written) return (false, null);
        Interlocked.Increment(ref _saves);
        Remember(value, written);
        return (true, written);
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var saves = Volatile.Read(ref _saves);
        var stored = await store.GetAsync(ct);
        if (saves != Volatile.Read(ref _saves)) return Volatile.Read(ref _current)!;
        return stored is { } row ? Remember(row.Value, row.ETag) : Remember(Defaults, null);
    }

    private Snapshot Remember(OfficeSettings value, ETag? etag, DateTimeOffset? readAt = null)
    {
        // A stored zone this system no longer knows falls back to the deployment's, rather than stopping every clock.
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(value.TimeZone, out var z) ? z : office.Zone();
        var snapshot = new Snapshot(value, zone, new QuietHours(value.QuietStart, value.QuietEnd), etag, readAt ?? time.GetUtcNow());
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }
}
