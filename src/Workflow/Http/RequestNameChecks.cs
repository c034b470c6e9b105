using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Http;

/// <summary>Request-field checks over the uploads naming policy (<see cref="Storage.BlobNames"/>), as request errors.</summary>
public static class RequestNameChecks
{
    /// <summary>Why <paramref name="name"/> is not a usable blob name; null when it is.</summary>
    public static ScanRequestError? CheckBlobName(string field, string name)
    {
        if (name.Length == 0)
        {
            return new ScanRequestError(field, ScanRequestErrorCode.Required, $"{field} is empty.");
        }

        if (name.Length > BlobNames.MaxLength)
        {
            return new ScanRequestError(
                field, ScanRequestErrorCode.TooLong, $"{field} is longer than {BlobNames.MaxLength} characters.");
        }

        try
        {
            BlobNames.Validate(name);
            return null;
        }
        catch (InvalidBlobNameException ex)
        {
            return new ScanRequestError(field, ScanRequestErrorCode.UnsafeName, $"{field} is not usable: {ex.Reason}.");
        }
    }

    /// <summary>The usual file-system limit on one name.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>Why an uploaded file's name is not usable (a plain file name, no folders); null when it is.
    /// Accepted names are still stored through <see cref="BlobNames.ForUpload"/>, which sanitises them.</summary>
    public static ScanRequestError? CheckFileName(string field, string name)
    {
        if (name.Length > MaxFileNameLength)
        {
            return new ScanRequestError(
                field, ScanRequestErrorCode.TooLong, $"The {field} name is longer than {MaxFileNameLength} characters.");
        }

        return name is "." or ".." || name.Contains('/') || name.Contains('\\') || name.Any(char.IsControl)
            ? new ScanRequestError(field, ScanRequestErrorCode.UnsafeName, $"The {field} name must be a plain file name.")
            : null;
    }
}
