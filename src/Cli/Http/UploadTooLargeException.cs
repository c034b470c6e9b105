namespace DeepScan.Cli.Http;

/// <summary>An upload went over <c>ScanRequests:MaxUploadBytes</c>; nothing of it is kept.</summary>
internal sealed class UploadTooLargeException(long maxBytes)
    : IOException($"The upload is larger than the {maxBytes} bytes this server accepts.")
{
    public long MaxBytes => maxBytes;
}
