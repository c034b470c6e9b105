using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Http;

/// <summary>
/// Validates scan requests for both hosts: exactly one video source with a safe name, and a callback URL that passes
/// the SSRF guard (DNS included) with, optionally, a well-formed Standard Webhooks secret.
/// </summary>
public sealed class ScanRequestValidator(CallbackUrlValidator callbacks, IOptions<ScanRequestOptions> options)
{
    /// <summary>Validates the JSON form of a request.</summary>
    public async Task<ScanRequestValidation> ValidateAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<ScanRequestError>();
        var videoName = BlobSource(request.BlobName, request.BlobUrl, errors);
        var webhook = await WebhookAsync(request.CallbackUrl, request.CallbackSecret, errors, cancellationToken);
        return errors.Count == 0
            ? ScanRequestValidation.Valid(new ValidatedScanRequest(videoName!, webhook))
            : ScanRequestValidation.Invalid(errors);
    }

    /// <summary>Validates the already-parsed fields of a multipart upload.</summary>
    public async Task<ScanRequestValidation> ValidateUploadAsync(
        ScanUploadForm form, CancellationToken cancellationToken)
    {
        var errors = new List<ScanRequestError>();
        if (form.BlobName is not null || form.BlobUrl is not null)
        {
            // A form carries its video; a stored one is named in a JSON request.
            errors.Add(new ScanRequestError(
                form.BlobName is not null ? "blobName" : "blobUrl",
                form.FileName is null ? ScanRequestErrorCode.Invalid : ScanRequestErrorCode.Conflict,
                form.FileName is null
                    ? "A multipart form uploads its video in a 'file' part; to scan a stored video, send JSON "
                        + "{\"blobName\": ...} instead."
                    : "Send either a file or a blobName/blobUrl, not both."));
        }
        else if (form.FileName is null)
        {
            errors.Add(new ScanRequestError("file", ScanRequestErrorCode.Required, "The form has no 'file' part."));
        }

        if (form.FileName is not null)
        {
            AddIfAny(errors, RequestNameChecks.CheckFileName("file", form.FileName));
            if (form.FileLength <= 0)
            {
                errors.Add(new ScanRequestError("file", ScanRequestErrorCode.Invalid, "The uploaded file is empty."));
            }
            else if (form.FileLength > options.Value.MaxUploadBytes)
            {
                errors.Add(new ScanRequestError(
                    "file",
                    ScanRequestErrorCode.TooLarge,
                    $"The uploaded file is larger than {options.Value.MaxUploadBytes} bytes."));
            }
        }

        var webhook = await WebhookAsync(form.CallbackUrl, form.CallbackSecret, errors, cancellationToken);
        return errors.Count == 0
            ? ScanRequestValidation.Valid(new ValidatedScanRequest(form.FileName!, webhook))
            : ScanRequestValidation.Invalid(errors);
    }

    private string? BlobSource(string? blobName, string? blobUrl, List<ScanRequestError> errors)
    {
        switch (blobName, blobUrl)
        {
            case (null, null):
                errors.Add(new ScanRequestError(
                    "blobName", ScanRequestErrorCode.Required, "Give a blobName or a blobUrl."));
                return null;
            case (not null, not null):
                errors.Add(new ScanRequestError(
                    "blobUrl", ScanRequestErrorCode.Conflict, "Give a blobName or a blobUrl, not both."));
                return null;
            case (not null, null):
                return AddIfAny(errors, RequestNameChecks.CheckBlobName("blobName", blobName)) ? null : blobName;
            default:
                return BlobNameFromUrl(blobUrl!, errors);
        }
    }

    private string? BlobNameFromUrl(string blobUrl, List<ScanRequestError> errors)
    {
        var container = options.Value.UploadsContainerUrl is { } configured
            ? new Uri(configured.TrimEnd('/') + "/", UriKind.Absolute)
            : null;
        if (container is null)
        {
            errors.Add(new ScanRequestError(
                "blobUrl", ScanRequestErrorCode.Invalid, "This server has no uploads container; give a blobName."));
            return null;
        }

        if (!Uri.TryCreate(blobUrl, UriKind.Absolute, out var url)
            || url.Scheme != container.Scheme
            || !url.Authority.Equals(container.Authority, StringComparison.OrdinalIgnoreCase)
            || url.UserInfo.Length > 0
            || !url.AbsolutePath.StartsWith(container.AbsolutePath, StringComparison.Ordinal))
        {
            errors.Add(new ScanRequestError(
                "blobUrl",
                ScanRequestErrorCode.Invalid,
                $"blobUrl must be a blob inside {container.GetLeftPart(UriPartial.Path)}."));
            return null;
        }

        var name = Uri.UnescapeDataString(url.AbsolutePath[container.AbsolutePath.Length..]);
        return AddIfAny(errors, RequestNameChecks.CheckBlobName("blobUrl", name)) ? null : name;
    }

    private async Task<WebhookRegistration?> WebhookAsync(
        string? callbackUrl, string? callbackSecret, List<ScanRequestError> errors, CancellationToken cancellationToken)
    {
        if (callbackUrl is null)
        {
            if (callbackSecret is not null)
            {
                errors.Add(new ScanRequestError(
                    "callbackSecret",
                    ScanRequestErrorCode.Conflict,
                    "callbackSecret is only used with a callbackUrl."));
            }

            return null;
        }

        var valid = true;
        if (callbackSecret is not null && !WebhookSecret.TryParse(callbackSecret, out _, out var secretError))
        {
            errors.Add(new ScanRequestError("callbackSecret", ScanRequestErrorCode.Invalid, secretError));
            valid = false;
        }

        try
        {
            await callbacks.ValidateAsync(callbackUrl, cancellationToken);
        }
        catch (CallbackUrlException ex)
        {
            errors.Add(new ScanRequestError("callbackUrl", Code(ex.Error), ex.Message));
            valid = false;
        }

        return valid ? new WebhookRegistration(callbackUrl, callbackSecret) : null;
    }

    private static ScanRequestErrorCode Code(CallbackUrlError error) => error switch
    {
        CallbackUrlError.TooLong => ScanRequestErrorCode.TooLong,
        CallbackUrlError.ForbiddenAddress or CallbackUrlError.SchemeNotAllowed or CallbackUrlError.UserInfoNotAllowed
            => ScanRequestErrorCode.ForbiddenCallback,
        _ => ScanRequestErrorCode.Invalid,
    };

    private static bool AddIfAny(List<ScanRequestError> errors, ScanRequestError? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }

        return error is not null;
    }
}
