using Afterglow.App.Audit;
using Afterglow.App.Auth;
using Afterglow.App.Storage;
using Azure.Storage.Blobs.Models;
using Afterglow.App.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Afterglow.App.Retirees;

public sealed record AttachmentDto(string Id, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>
/// Scans and photos per retiree, in Blob Storage. Only real JPEG, PNG and PDF files (checked by content:
/// AttachmentContent), up to 10 MB, always downloaded as a file, never shown inline.
/// </summary>
public static partial class AttachmentsApi
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static RouteGroupBuilder MapAttachments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/retirees/{id}/attachments").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListAsync);
        group.MapPost("/", UploadAsync).WithMetadata(new LargeBodyAttribute(MaxBytes + 64 * 1024));
        group.MapGet("/{attachmentId}", DownloadAsync);
        group.MapDelete("/{attachmentId}", DeleteAsync);
        return group;
    }

    private static async Task<Results<Ok<List<AttachmentDto>>, NotFound>> ListAsync(string id, RetireeStore store, StorageAccount storage, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var container = await storage.ContainerAsync(StorageNames.AttachmentsContainer, ct);
        var list = new List<AttachmentDto>();
        await foreach (var b in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{id}/", ct))
            list.Add(ToDto(b.Name, b.Properties.ContentType, b.Properties.ContentLength ?? 0, b.Properties.CreatedOn ?? default, b.Metadata));
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<AttachmentDto>, NotFound, ValidationProblem>> UploadAsync(
        string id, HttpRequest request, RetireeStore store, StorageAccount storage, AuditLog audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        if (!request.HasFormContentType) return Invalid("Send the file as multipart/form-data in the field 'file'.");
        var form = await Forms.ReadAsync(request, ct);
        if (form.Files.GetFile("file") is not { } file) return Invalid("Send the file as multipart/form-data in the field 'file'.");
        if (file.Length == 0) return Invalid("The file is empty.");
        if (file.Length > MaxBytes) return Invalid($"The file is larger than {MaxBytes / 1024 / 1024} MB.");
        if (file.FileName.Length > 200) return Invalid("The file name is longer than 200 characters.");

        await using var stream = new MemoryStream();
        await file.CopyToAsync(stream, ct);
        var bytes = stream.ToArray();
        var (kind, refused) = AttachmentContent.Identify(bytes);
        if (kind is null) return Invalid(refused!);
        var type = kind.ContentType;
        var fileName = AttachmentContent.SafeName(file.FileName, kind);

        var container = await storage.ContainerAsync(StorageNames.AttachmentsContainer, ct);
        var attachmentId = $"{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..30];
        var caller = Caller.From(http.User);
        var metadata = new Dictionary<string, string>
        {
            // Blob metadata is ASCII; the original name is kept escaped.
            ["filename"] = Uri.EscapeDataString(fileName),
            ["uploadedby"] = Uri.EscapeDataString(caller.Name),
        };
        await container.GetBlobClient($"{id}/{attachmentId}").UploadAsync(new BinaryData(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = type }, Metadata = metadata }, ct);
        await audit.RecordAsync(caller, "attachment.upload", id, $"Attached {fileName} ({bytes.Length} bytes)", ct);
        var dto = ToDto($"{id}/{attachmentId}", type, bytes.Length, time.GetUtcNow(), metadata);
        return TypedResults.Created($"/api/retirees/{id}/attachments/{attachmentId}", dto);
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(
        string id, string attachmentId, StorageAccount storage, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!Names(id, attachmentId)) return TypedResults.NotFound();
        var container = await storage.ContainerAsync(StorageNames.AttachmentsContainer, ct);
        var blob = container.GetBlobClient($"{id}/{attachmentId}");
        if (!await blob.ExistsAsync(ct)) return TypedResults.NotFound();
        var download = await blob.DownloadStreamingAsync(cancellationToken: ct);
        await audit.RecordAsync(Caller.From(http.User), "attachment.read", id, $"Opened attachment {attachmentId}", ct);
        var type = download.Value.Details.ContentType;
        var kind = new[] { AttachmentContent.Jpeg, AttachmentContent.Png, AttachmentContent.Pdf }.FirstOrDefault(k => k.ContentType == type);
        // Files stored before content checks keep their bytes but are served as opaque downloads with a clean name.
        var stored = download.Value.Details.Metadata.TryGetValue("filename", out var n) ? Uri.UnescapeDataString(n) : attachmentId;
        var name = AttachmentContent.SafeName(stored, kind ?? new AttachmentContent.Kind("application/octet-stream", ".bin"));
        // A file name always makes it Content-Disposition: attachment; never rendered in the dashboard's origin.
        return TypedResults.Stream(download.Value.Content, kind?.ContentType ?? "application/octet-stream", name);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(
        string id, string attachmentId, StorageAccount storage, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!Names(id, attachmentId)) return TypedResults.NotFound();
        var container = await storage.ContainerAsync(StorageNames.AttachmentsContainer, ct);
        var deleted = await container.GetBlobClient($"{id}/{attachmentId}").DeleteIfExistsAsync(cancellationToken: ct);
        if (!deleted.Value) return TypedResults.NotFound();
        await audit.RecordAsync(Caller.From(http.User), "attachment.delete", id, $"Deleted attachment {attachmentId}", ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Only ids as the registry and an upload make them name a blob: "..", "%2F", a prefix of another retiree's
    /// folder or a 5,000-character id are 404 before the storage account is asked.
    /// </summary>
    private static bool Names(string retireeId, string attachmentId) => RetireeStore.IsId(retireeId) && AttachmentId().IsMatch(attachmentId);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{14}-[0-9a-f]{15}$")]
    private static partial System.Text.RegularExpressions.Regex AttachmentId();

    private static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [message] });

    private static AttachmentDto ToDto(string blobName, string contentType, long size, DateTimeOffset at, IDictionary<string, string> metadata) => new(
        blobName[(blobName.IndexOf('/') + 1)..],
        metadata.TryGetValue("filename", out var f) ? Uri.UnescapeDataString(f) : blobName,
        contentType, size, at,
        metadata.TryGetValue("uploadedby", out var u) ? Uri.UnescapeDataString(u) : "");
}
