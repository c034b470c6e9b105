namespace DeepScan.Cli.Http;

/// <summary>The uploads container as the watcher sees it: a folder or a blob container.</summary>
internal interface IUploadListing
{
    /// <summary>Every upload now in the container whose name is a valid upload name.</summary>
    Task<IReadOnlyList<UploadEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Returns after <paramref name="timeout"/>, or earlier when the container signals a change.</summary>
    Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
