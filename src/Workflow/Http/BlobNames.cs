namespace DeepScan.Workflow.Http;

/// <summary>Which blob and upload file names are safe to use as storage keys and file paths.</summary>
public static class BlobNames
{
    /// <summary>Azure's limit on a blob name.</summary>
    public const int MaxBlobNameLength = 1024;

    /// <summary>The usual file-system limit on one name.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>Why <paramref name="name"/> is not a safe blob name (relative, no dot segments, no control
    /// characters, no backslashes); null when it is.</summary>
    public static ScanRequestError? CheckBlobName(string field, string name)
    {
        if (name.Length == 0)
        {
            return new ScanRequestError(field, ScanRequestErrorCode.Required, $"{field} is empty.");
        }

        if (name.Length > MaxBlobNameLength)
        {
            return new ScanRequestError(
                field, ScanRequestErrorCode.TooLong, $"{field} is longer than {MaxBlobNameLength} characters.");
        }

        var problem = name.Any(char.IsControl) ? "contains control characters"
            : name.Contains('\\') ? "contains a backslash; separate folders with '/'"
            : name.StartsWith('/') ? "starts with '/'; give the name relative to the uploads container"
            : name.EndsWith('/') || name.EndsWith('.') ? "ends with '/' or '.'"
            : name.Split('/').Any(s => s is "" or "." or "..") ? "has an empty, '.' or '..' path segment"
            : null;
        return problem is null
            ? null
            : new ScanRequestError(field, ScanRequestErrorCode.UnsafeName, $"{field} {problem}.");
    }

    /// <summary>Why an uploaded file's name is not usable (a bare name, no folders); null when it is.</summary>
    public static ScanRequestError? CheckFileName(string field, string name)
    {
        if (name.Length > MaxFileNameLength)
        {
            return new ScanRequestError(
                field,
                ScanRequestErrorCode.TooLong,
                $"The {field} name is longer than {MaxFileNameLength} characters.");
        }

        return name.Contains('/') || name.Contains('\\')
            ? new ScanRequestError(
                field, ScanRequestErrorCode.UnsafeName, $"The {field} name must not contain folders.")
            : CheckBlobName(field, name);
    }
}
