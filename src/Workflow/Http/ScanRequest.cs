using System.Text.Json.Serialization;

namespace DeepScan.Workflow.Http;

/// <summary>
/// The JSON body of <c>POST /api/scans</c>: a video already uploaded (exactly one of <see cref="BlobName"/> and
/// <see cref="BlobUrl"/>) and an optional webhook. Unknown properties are refused so a typo is not silently ignored.
/// </summary>
/// <param name="BlobUrl">A URL inside the uploads container; any query (a SAS token) is ignored.</param>
/// <param name="CallbackSecret">A Standard Webhooks secret (<c>whsec_</c> + base64 of 24–64 bytes).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ScanRequest(
    string? BlobName = null,
    string? BlobUrl = null,
    string? CallbackUrl = null,
    string? CallbackSecret = null);

/// <summary>
/// The fields of a multipart <c>POST /api/scans</c>, as the host parsed them: the <c>file</c> part's name and length
/// and the form fields named as in <see cref="ScanRequest"/>.
/// </summary>
/// <param name="FileName">The <c>file</c> part's file name; null when there is no <c>file</c> part.</param>
public sealed record ScanUploadForm(
    string? FileName,
    long FileLength,
    string? BlobName = null,
    string? BlobUrl = null,
    string? CallbackUrl = null,
    string? CallbackSecret = null);

/// <summary>The <c>202 Accepted</c> answer to a scan request: the scan id and where to poll its status.</summary>
public sealed record ScanAccepted(string Id, string StatusUrl)
{
    public static ScanAccepted For(string scanId) => new(scanId, ScanRoutes.Status(scanId));
}

/// <summary>The routes the local server and the Functions app share.</summary>
public static class ScanRoutes
{
    public const string Scans = "/api/scans";

    public static string Status(string scanId) => $"{Scans}/{Uri.EscapeDataString(scanId)}";

    /// <summary>The scan's evidence sheet (PNG).</summary>
    public static string Evidence(string scanId) => $"{Status(scanId)}/evidence";
}
