namespace DeepScan.Cli.Http;

/// <summary>The local HTTP host's settings: configuration section <c>Serve</c> (environment <c>Serve__Key</c>).
/// </summary>
/// <remarks>The upload size limit is <c>ScanRequests:MaxUploadBytes</c>, which the request validator shares.</remarks>
internal sealed class ServeOptions
{
    public const string SectionName = "Serve";

    /// <summary>When set, every <c>/api</c> request must carry it in the <c>x-api-key</c> header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Scans run at once; each one already spreads its chunks over the cores.</summary>
    public int MaxConcurrentScans { get; set; } = 1;

    /// <summary>Scans waiting for a slot before new requests wait for room.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Scan whatever lands in the uploads container (folder or blob container).</summary>
    public bool WatchUploads { get; set; } = true;

    /// <summary>How often the uploads container is listed: the blob poll, and the folder's rescan for missed events.
    /// </summary>
    public TimeSpan UploadPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an upload must stay the same size and stamp before it is scanned (it may still be written).
    /// </summary>
    public TimeSpan UploadStableFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest poll interval or settling time taken: a timer cannot wait 50 days, and a watcher that
    /// looks once a day is already not one.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    /// <summary>What is wrong with these options, one line each.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxConcurrentScans < 1)
        {
            problems.Add($"{SectionName}:MaxConcurrentScans must be at least 1, not {MaxConcurrentScans}.");
        }

        if (QueueCapacity < 1)
        {
            problems.Add($"{SectionName}:QueueCapacity must be at least 1, not {QueueCapacity}.");
        }

        if (UploadPollInterval <= TimeSpan.Zero || UploadPollInterval > MaxWait)
        {
            problems.Add($"{SectionName}:UploadPollInterval must be positive and at most {MaxWait}, not {UploadPollInterval}.");
        }

        if (UploadStableFor < TimeSpan.Zero || UploadStableFor > MaxWait)
        {
            problems.Add($"{SectionName}:UploadStableFor must be between 0 and {MaxWait}, not {UploadStableFor}.");
        }

        return problems;
    }
}
