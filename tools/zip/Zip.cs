// Zips a folder the way Azure Functions on Linux needs it: Unix permissions in every entry, so the
// custom handler executable keeps its execute bit when the package is mounted read-only.
// Usage: dotnet run --file tools/zip/Zip.cs -- <folder> <zip> <executable>...
// A .NET file-based app, so a machine with only the .NET SDK (no zip, no Python) can build the package.
using System.IO.Compression;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Zip.cs <folder> <zip> [executable relative path]...");
    return 2;
}

var folder = Path.GetFullPath(args[0]);
var zipPath = Path.GetFullPath(args[1]);
var executables = args.Skip(2).Select(e => e.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);

const int RegularFile = 0x8000; // S_IFREG
const int Executable = 0b111_101_101; // 0755
const int ReadOnly = 0b110_100_100; // 0644

var missing = executables.Where(e => !File.Exists(Path.Combine(folder, e))).ToList();
if (missing.Count > 0)
{
    Console.Error.WriteLine($"Not in {folder}: {string.Join(", ", missing)}");
    return 1;
}

File.Delete(zipPath);
using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
{
    foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
    {
        var name = Path.GetRelativePath(folder, file).Replace('\\', '/');
        var entry = zip.CreateEntryFromFile(file, name, CompressionLevel.Optimal);
        var mode = executables.Contains(name) ? Executable : ReadOnly;
        entry.ExternalAttributes = (RegularFile | mode) << 16;
    }
}

Console.WriteLine($"{zipPath}: {new FileInfo(zipPath).Length / 1024} KiB");
return 0;
