namespace Afterglow.App.Backups;

/// <summary>
/// scripts/restore.sh runs the app as a command instead of a server: `Afterglow restore [backup-name]` (the newest
/// complete backup when no name is given) or `Afterglow backups` (list them), against the storage the settings name.
/// </summary>
public static class BackupCommand
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args is not ["restore", ..] and not ["backups"]) return false;
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var archive = new BackupArchive(new Storage.StorageAccount(config), TimeProvider.System);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var backups = await archive.ListAsync(cts.Token);
        if (args is ["backups"])
        {
            foreach (var name in backups) Console.WriteLine(name);
            return true;
        }
        var chosen = args.Length > 1 ? args[1] : backups.FirstOrDefault()
            ?? throw new InvalidOperationException("There is no complete backup in the backups container.");
        Console.WriteLine($"Restoring {chosen} ...");
        var report = await archive.RestoreAsync(chosen, cts.Token);
        Console.WriteLine($"Restored {report.Rows} rows into {report.Tables} tables in {report.Took.TotalSeconds:0.0} s; attachments missing: {report.AttachmentsMissing}.");
        return true;
    }
}
