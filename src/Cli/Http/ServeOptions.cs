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

    /// <summary>With blob storage, how long the lease that keeps a second serve off the account lasts unless renewed
    /// (every third of it): how long a start waits on the lease of a serve that crashed. 15 to 60 s, as blob leases
    /// allow.</summary>
    public TimeSpan StorageLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest and longest <see cref="StorageLease"/> blob storage grants.</summary>
    public static readonly TimeSpan ShortestLease = TimeSpan.FromSeconds(15), LongestLease = TimeSpan.FromSeconds(60);

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

        if (StorageLease < ShortestLease || StorageLease > LongestLease)
        {
            problems.Add($"{SectionName}:StorageLease must be {ShortestLease} to {LongestLease}, not {StorageLease}.");
        }

        return problems;
    }
}
