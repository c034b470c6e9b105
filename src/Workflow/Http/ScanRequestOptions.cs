namespace DeepScan.Workflow.Http;

/// <summary>Limits and locations for scan requests, bound from the <c>ScanRequests</c> configuration section.</summary>
public sealed class ScanRequestOptions
{
    public const string SectionName = "ScanRequests";

    /// <summary>The uploads container's URL; a <c>blobUrl</c> must lie inside it. Null refuses every blobUrl.</summary>
    public string? UploadsContainerUrl { get; set; }

    /// <summary>The largest multipart upload accepted.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;
}
