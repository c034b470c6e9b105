using DeepScan.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DeepScan.Cli.Http;

/// <summary>The problem documents only the local host sends (the shared ones live on <see cref="ProblemDocument"/>).
/// </summary>
internal static class ServeProblems
{
    public const string ApiKeyHeader = "x-api-key";

    public static ProblemDocument MissingApiKey(string path) => new(
        "urn:deepscan:problem:api-key",
        "An API key is required.",
        StatusCodes.Status401Unauthorized,
        $"Send this server's API key in the '{ApiKeyHeader}' header.",
        path);

    public static ProblemDocument UploadTooLarge(long maxBytes) => new(
        "urn:deepscan:problem:upload-too-large",
        "The upload is too large.",
        StatusCodes.Status413PayloadTooLarge,
        $"This server accepts videos of up to {maxBytes} bytes (ScanRequests:MaxUploadBytes).",
        ScanRoutes.Scans);

    public static ProblemDocument NotAVideo(string? fileName) => new(
        "urn:deepscan:problem:not-a-video",
        "The upload is not a video.",
        StatusCodes.Status415UnsupportedMediaType,
        $"The file '{fileName}' does not start like a video container (MP4/MOV, Matroska/WebM, AVI, FLV, Ogg, ASF, "
        + "MPEG-PS or MPEG-TS), whatever its name says.",
        ScanRoutes.Scans);

    public static ProblemDocument UnsupportedBody(string? contentType) => new(
        "urn:deepscan:problem:unsupported-body",
        "The request body has an unsupported media type.",
        StatusCodes.Status415UnsupportedMediaType,
        $"Send application/json (blobName or blobUrl) or multipart/form-data (the video in 'file'), not "
        + $"'{(string.IsNullOrEmpty(contentType) ? "no content type" : contentType)}'.",
        ScanRoutes.Scans);

    /// <summary>Any other status the host answers without a body of its own (404 route, 405 method, 413 body).
    /// </summary>
    public static ProblemDocument ForStatus(int status, string path, string? detail = null) => new(
        "about:blank", ReasonPhrases.GetReasonPhrase(status), status, detail, path);
}
