using System.Text.Json;
using System.Text.Json.Serialization;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Http;

/// <summary>An RFC 9457 problem details document (<c>application/problem+json</c>).</summary>
/// <param name="Type">A URI naming the kind of problem; <c>about:blank</c> when the status code says it all.</param>
/// <param name="Title">A short summary that is the same for every occurrence of the type.</param>
/// <param name="Detail">What went wrong this time, worded for the caller.</param>
/// <param name="Errors">Extension member: one entry per invalid field.</param>
public sealed record ProblemDocument(
    string Type,
    string Title,
    int Status,
    string? Detail = null,
    string? Instance = null,
    ProblemError[]? Errors = null)
{
    public const string ContentType = "application/problem+json";
    public const string InvalidRequestType = "urn:deepscan:problem:invalid-scan-request";
    public const string MalformedBodyType = "urn:deepscan:problem:malformed-body";

    /// <summary>400: the request parsed but its fields are not acceptable.</summary>
    public static ProblemDocument InvalidRequest(
        IReadOnlyList<ScanRequestError> errors, string? instance = null) => new(
        InvalidRequestType,
        "The scan request is invalid.",
        400,
        errors.Count == 1 ? errors[0].Message : $"{errors[0].Message} (and {errors.Count - 1} more)",
        instance,
        errors.Select(e => new ProblemError($"#/{e.Field}", e.Code, e.Message)).ToArray());

    /// <summary>400: the body is not JSON of the expected shape, or the form could not be read.</summary>
    public static ProblemDocument MalformedBody(string detail, string? instance = null) =>
        new(MalformedBodyType, "The request body could not be read.", 400, detail, instance);

    /// <summary>400: a JSON body that is not a scan request, said without the server's own type names (the serializer's
    /// message names <c>DeepScan.Workflow.Http.ScanRequest</c>; a caller needs the field and the place).</summary>
    public static ProblemDocument MalformedScanRequest(JsonException error, string? instance = null)
    {
        var type = typeof(ScanRequest).FullName!;
        var detail = error.Message
            .Replace($"any .NET member contained in type '{type}'", "a field of a scan request", StringComparison.Ordinal)
            .Replace(type, "a scan request", StringComparison.Ordinal);
        return MalformedBody(detail, instance);
    }

    /// <summary>503: the scan store cannot be reached; the request may be repeated after
    /// <see cref="StorageOutage.RetryAfter"/> (sent as <c>Retry-After</c>).</summary>
    public static ProblemDocument StorageUnavailable(string? instance) => new(
        "urn:deepscan:problem:storage-unavailable",
        "Storage is unavailable.",
        503,
        $"The scan store could not be reached; try again in {StorageOutage.RetryAfter.TotalSeconds:0} seconds. "
        + "Scans already started carry on once it is back.",
        instance);

    /// <summary>404 for an unknown scan id.</summary>
    /// <param name="instance">The path asked for; the scan's status path when null. None for an id no scan can have
    /// (<see cref="ScanIds.IsValid"/>): the route gives such an id with <c>%2F</c> still escaped, so re-escaping it
    /// would name another path, and it would only echo what was sent.</param>
    public static ProblemDocument ScanNotFound(string scanId, string? instance = null) => new(
        "about:blank", "Not Found", 404, $"No scan has the id '{scanId}'.",
        ScanIds.IsValid(scanId) ? instance ?? ScanRoutes.Status(scanId) : null);

    /// <summary>409: the scan is pending or running, so its evidence sheet does not exist yet.</summary>
    public static ProblemDocument ScanNotFinished(string scanId, ScanStatus status) => new(
        "urn:deepscan:problem:scan-not-finished",
        "The scan has not finished.",
        409,
        $"Scan '{scanId}' is {status.Name()}; its evidence sheet is made when it finishes. "
        + $"Poll {ScanRoutes.Status(scanId)} until it is completed or failed.",
        ScanRoutes.Evidence(scanId));

    /// <summary>404: the scan finished without an evidence sheet; <paramref name="reason"/> says why.</summary>
    public static ProblemDocument NoEvidence(string scanId, string reason) => new(
        "urn:deepscan:problem:no-evidence", "The scan has no evidence sheet.", 404, reason, ScanRoutes.Evidence(scanId));
}

/// <summary>One invalid field: a JSON pointer to it, a stable code and a message.</summary>
public sealed record ProblemError(string Pointer, ScanRequestErrorCode Code, string Detail);

/// <summary>Why a field of a scan request was refused; stable strings clients may switch on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScanRequestErrorCode>))]
public enum ScanRequestErrorCode
{
    [JsonStringEnumMemberName("required")] Required,
    [JsonStringEnumMemberName("conflict")] Conflict,
    [JsonStringEnumMemberName("invalid")] Invalid,
    [JsonStringEnumMemberName("too-long")] TooLong,
    [JsonStringEnumMemberName("too-large")] TooLarge,
    [JsonStringEnumMemberName("unsafe-name")] UnsafeName,
    [JsonStringEnumMemberName("forbidden-callback")] ForbiddenCallback,
}

/// <summary>One refused field of a scan request.</summary>
/// <param name="Field">The request property or form field name, e.g. <c>callbackUrl</c>.</param>
public sealed record ScanRequestError(string Field, ScanRequestErrorCode Code, string Message);
