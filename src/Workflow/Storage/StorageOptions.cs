namespace DeepScan.Workflow.Storage;

/// <summary>Where scans, verdicts and uploads are kept: configuration section <c>Storage</c>.</summary>
/// <remarks>
/// Azure Blob Storage when <see cref="ConnectionString"/> (Azurite, shared key) or <see cref="ServiceUri"/>
/// (managed identity / DefaultAzureCredential) is set; otherwise folders under <see cref="RootPath"/>. The
/// container names double as the folder names.
/// </remarks>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A storage connection string, e.g. <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint, e.g. <c>https://acct.blob.core.windows.net</c>, reached with a token.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; unset lets DefaultAzureCredential choose.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The filesystem store's root folder (relative paths are taken from the working directory).</summary>
    public string RootPath { get; set; } = Path.Combine(".deepscan", "data");

    public string UploadsContainer { get; set; } = "uploads";

    public string VerdictsContainer { get; set; } = "verdicts";

    public string ScansContainer { get; set; } = "scans";

    public string FailedContainer { get; set; } = "failed";

    /// <summary>Evidence sheets (<c>{scanId}.png</c>) and the chunk thumbnails they are drawn from
    /// (<c>{scanId}/chunk-NNNNNN.json</c>).</summary>
    public string EvidenceContainer { get; set; } = "evidence";

    /// <summary>How long a read URL from <see cref="IVideoStore.ResolveAsync"/> stays valid.</summary>
    public TimeSpan ReadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where blob videos are downloaded when no read URL can be signed; default: the temp folder.</summary>
    public string? DownloadPath { get; set; }

    /// <summary>True when the configuration names an Azure storage account rather than the filesystem.</summary>
    public bool UsesBlobStorage => !string.IsNullOrWhiteSpace(ConnectionString) || ServiceUri is not null;

    internal string ResolvedDownloadPath =>
        DownloadPath is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "deepscan", "downloads");
}
