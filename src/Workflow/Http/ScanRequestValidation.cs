using System.Diagnostics.CodeAnalysis;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Http;

/// <summary>A scan request that passed validation.</summary>
/// <param name="VideoName">The blob name in the uploads container or, for a multipart upload, the file's name (the
/// host saves the file under a unique name derived from it).</param>
/// <param name="Webhook">The callback to notify; null when none was asked for.</param>
public sealed record ValidatedScanRequest(string VideoName, WebhookRegistration? Webhook);

/// <summary>The outcome of validating a scan request: the request, or every refused field.</summary>
public sealed class ScanRequestValidation
{
    private ScanRequestValidation(ValidatedScanRequest? request, IReadOnlyList<ScanRequestError> errors)
    {
        Request = request;
        Errors = errors;
    }

    public ValidatedScanRequest? Request { get; }

    public IReadOnlyList<ScanRequestError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Request))]
    public bool IsValid => Request is not null;

    public static ScanRequestValidation Valid(ValidatedScanRequest request) => new(request, []);

    public static ScanRequestValidation Invalid(IReadOnlyList<ScanRequestError> errors) =>
        errors.Count > 0
            ? new(null, errors)
            : throw new ArgumentException("An invalid request has errors.", nameof(errors));

    /// <summary>The 400 problem document for the refused fields.</summary>
    public ProblemDocument ToProblem(string? instance = ScanRoutes.Scans) =>
        ProblemDocument.InvalidRequest(Errors, instance);
}
