namespace DeepScan.Cli.Http;

/// <summary>
/// This <c>deepscan serve</c>'s claim to its storage (folder or blob account), held while it runs. Each serve keeps in
/// memory which scans it runs, which uploads are still arriving and which webhooks it retries, so a second one on the
/// same storage would scan the same uploads again and deliver webhooks twice. A hosted service registered before the
/// others: the claim is taken before the uploads watcher and the webhook sweep start.
/// </summary>
internal interface IServeStorageClaim
{
    /// <summary>Why this serve stopped holding its storage while running (another serve took it); null while it holds
    /// it, or stopped of its own accord.</summary>
    string? LostReason { get; }
}

/// <summary>Another <c>deepscan serve</c> holds the storage this one was configured with.</summary>
internal sealed class StorageInUseException(string message) : Exception(message)
{
    /// <summary>Why, for every message that refuses a second serve.</summary>
    public const string OneServePerStorage =
        "One serve per storage: two would scan the same uploads and deliver webhooks twice.";
}
