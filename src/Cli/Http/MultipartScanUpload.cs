using System.Text;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DeepScan.Cli.Http;

/// <summary>What a multipart scan request came to: a stored upload and its webhook, or the problem to answer.</summary>
internal sealed record UploadReceipt(StoredVideo? Video, WebhookRegistration? Webhook, ProblemDocument? Problem)
{
    public static UploadReceipt Refused(ProblemDocument problem) => new(null, null, problem);
}

/// <summary>
/// Reads <c>multipart/form-data</c> scan requests as a stream: form fields into memory, the <c>file</c> part straight
/// into the uploads store, after its fields are validated and its first bytes show a video container.
/// </summary>
/// <remarks>
/// Nothing is stored for a request refused before the file part. Fields sent after the file are still honoured;
/// if they are invalid, or the body breaks off after the file, the stored video is discarded with the refusal.
/// Sending the fields first refuses a bad request before any of the video is read.
/// </remarks>
internal sealed class MultipartScanUpload(
    IVideoStore videos,
    ScanRequestValidator validator,
    IOptions<ScanRequestOptions> options,
    UploadsInFlight inFlight,
    TimeProvider timeProvider,
    ILogger<MultipartScanUpload> logger)
{
    public const string FileField = "file";

    private const int MaxFieldBytes = 8 * 1024;
    private static readonly string[] FieldNames = ["blobName", "blobUrl", "callbackUrl", "callbackSecret"];

    public static bool IsMultipart(HttpRequest request, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "";
        return boundary.Length > 0;
    }

    /// <remarks>A body that ends early or breaks the multipart format (no closing boundary, headers over the
    /// reader's limits) is refused as malformed, with whatever was stored of it removed by the store.</remarks>
    public async Task<UploadReceipt> ReceiveAsync(
        HttpRequest request, string boundary, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(request, boundary, cancellationToken);
        }
        catch (MalformedMultipartException ex)
        {
            return UploadReceipt.Refused(ProblemDocument.MalformedBody(
                $"The multipart body ended early or is malformed: {ex.Message}", ScanRoutes.Scans));
        }
    }

    private async Task<UploadReceipt> ReadAsync(HttpRequest request, string boundary, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await FromRequest(() => reader.ReadNextSectionAsync(cancellationToken)) is { } section)
        {
            if (Disposition(section) is { } disposition && NameOf(disposition) == FileField)
            {
                return await StoreAsync(reader, section, FileName(disposition), fields, cancellationToken);
            }

            if (await ReadFieldAsync(section, fields, cancellationToken) is { } problem)
            {
                return UploadReceipt.Refused(problem);
            }
        }

        var missingFile = await validator.ValidateUploadAsync(Form(null, 0, fields), cancellationToken);
        return UploadReceipt.Refused(missingFile.ToProblem());
    }

    private async Task<UploadReceipt> StoreAsync(
        MultipartReader reader,
        MultipartSection file,
        string fileName,
        Dictionary<string, string> fields,
        CancellationToken cancellationToken)
    {
        var head = new byte[ContainerSniffer.HeadLength];
        var headLength = await FromRequest(
            () => file.Body.ReadAtLeastAsync(head, head.Length, false, cancellationToken).AsTask());
        var early = await validator.ValidateUploadAsync(Form(fileName, headLength, fields), cancellationToken);
        if (!early.IsValid)
        {
            return UploadReceipt.Refused(early.ToProblem());
        }

        if (ContainerSniffer.Sniff(head.AsSpan(0, headLength)) is null)
        {
            return UploadReceipt.Refused(ServeProblems.NotAVideo(fileName));
        }

        var maxBytes = options.Value.MaxUploadBytes;
        var upload = new UploadStream(head.AsMemory(0, headLength), file.Body, maxBytes);
        StoredVideo stored;
        try
        {
            stored = await videos.SaveAsync(fileName, upload, cancellationToken);
        }
        catch (Exception) when (upload.LimitExceeded)
        {
            return UploadReceipt.Refused(ServeProblems.UploadTooLarge(maxBytes));
        }
        catch (Exception ex) when (upload.RequestFailed)
        {
            throw new MalformedMultipartException(ex.Message, ex);
        }

        UploadReceipt? receipt = null;
        try
        {
            receipt = await ReadFieldsAfterFileAsync(reader, fileName, stored, early, fields, cancellationToken);
            return receipt;
        }
        finally
        {
            if (receipt?.Video is null)
            {
                // Refused, or the body broke off, after the video was stored: the caller was told no, so nothing of
                // the request stays (the watcher would otherwise scan it, without the callback it asked for).
                await DiscardAsync(stored);
            }
        }
    }

    /// <summary>How long after a removal that failed it is tried again, in turn; then the upload is left, logged.
    /// </summary>
    private static readonly TimeSpan[] DiscardRetries =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];

    private async Task DiscardAsync(StoredVideo stored)
    {
        if (await TryDiscardAsync(stored, last: false))
        {
            return;
        }

        // Storage is down, say. The watcher must not scan what the caller was refused, and the answer must not wait.
        inFlight.MarkRefused(stored.Name);
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < DiscardRetries.Length; i++)
            {
                await Task.Delay(DiscardRetries[i], timeProvider);
                if (await TryDiscardAsync(stored, last: i == DiscardRetries.Length - 1))
                {
                    return;
                }
            }
        });
    }

    private async Task<bool> TryDiscardAsync(StoredVideo stored, bool last)
    {
        try
        {
            await videos.DiscardAsync(stored, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(
                last
                    ? "Could not remove upload {Name} of a refused request; it stays stored, and is not scanned while "
                        + "this host runs: {Error}"
                    : "Could not remove upload {Name} of a refused request yet; trying again later: {Error}",
                stored.Name, ex.Message);
            return false;
        }
    }

    /// <summary>Fields sent after the file part, validated with the ones before it.</summary>
    private async Task<UploadReceipt> ReadFieldsAfterFileAsync(
        MultipartReader reader,
        string fileName,
        StoredVideo stored,
        ScanRequestValidation early,
        Dictionary<string, string> fields,
        CancellationToken cancellationToken)
    {
        var fieldCount = fields.Count;
        while (await FromRequest(() => reader.ReadNextSectionAsync(cancellationToken)) is { } section)
        {
            if (await ReadFieldAsync(section, fields, cancellationToken) is { } problem)
            {
                return UploadReceipt.Refused(problem);
            }
        }

        var validation = fields.Count == fieldCount
            ? early
            : await validator.ValidateUploadAsync(Form(fileName, stored.Bytes, fields), cancellationToken);
        return validation.Request is { } valid
            ? new UploadReceipt(stored, valid.Webhook, null)
            : UploadReceipt.Refused(validation.ToProblem());
    }

    /// <summary>Reads one text field into <paramref name="fields"/>; the problem when it is not one we take.</summary>
    private static async Task<ProblemDocument?> ReadFieldAsync(
        MultipartSection section, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        if (Disposition(section) is not { } disposition)
        {
            return ProblemDocument.MalformedBody(
                "Every part needs a 'Content-Disposition: form-data; name=...' header.", ScanRoutes.Scans);
        }

        var name = NameOf(disposition);
        if (name == FileField)
        {
            return Invalid(FileField, ScanRequestErrorCode.Conflict, "The form has more than one 'file' part.");
        }

        if (!FieldNames.Contains(name))
        {
            return Invalid(name.Length == 0 ? "(unnamed)" : name, ScanRequestErrorCode.Invalid,
                $"'{name}' is not a field of a scan request; send {FileField}, {string.Join(", ", FieldNames)}.");
        }

        if (fields.ContainsKey(name))
        {
            return Invalid(name, ScanRequestErrorCode.Conflict, $"The form has more than one '{name}' field.");
        }

        var buffer = new byte[MaxFieldBytes + 1];
        var length = await FromRequest(
            () => section.Body.ReadAtLeastAsync(buffer, buffer.Length, false, cancellationToken).AsTask());
        if (length > MaxFieldBytes)
        {
            return Invalid(name, ScanRequestErrorCode.TooLong, $"{name} is longer than {MaxFieldBytes} bytes.");
        }

        fields[name] = Encoding.UTF8.GetString(buffer, 0, length);
        return null;
    }

    /// <summary>Runs one read of the request body, telling its failures (the body ended early, a header over the
    /// reader's limits) from the server's own.</summary>
    private static async Task<T> FromRequest<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new MalformedMultipartException(ex.Message, ex);
        }
    }

    private static ContentDispositionHeaderValue? Disposition(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
        && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            ? disposition
            : null;

    private static string NameOf(ContentDispositionHeaderValue disposition) =>
        HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";

    /// <summary>The part's file name; empty when it has none (the store then names it <c>video</c>).</summary>
    private static string FileName(ContentDispositionHeaderValue disposition) =>
        HeaderUtilities.RemoveQuotes(
            disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";

    private static ScanUploadForm Form(string? fileName, long length, Dictionary<string, string> fields) => new(
        fileName,
        length,
        fields.GetValueOrDefault("blobName"),
        fields.GetValueOrDefault("blobUrl"),
        fields.GetValueOrDefault("callbackUrl"),
        fields.GetValueOrDefault("callbackSecret"));

    private static ProblemDocument Invalid(string field, ScanRequestErrorCode code, string message) =>
        ProblemDocument.InvalidRequest([new ScanRequestError(field, code, message)], ScanRoutes.Scans);
}

/// <summary>The multipart request body could not be read: it ended early or breaks the format.</summary>
internal sealed class MalformedMultipartException(string message, Exception inner) : Exception(message, inner);
