using System.Globalization;
using System.Threading.Channels;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>
/// The filesystem store's uploads folder (<c>{RootPath}/{UploadsContainer}</c>), watched with a
/// <see cref="FileSystemWatcher"/>; the watcher's periodic rescan catches any event it drops.
/// </summary>
/// <remarks>The store's own temp files are hidden (dot) files, which are not valid upload names and are skipped.
/// </remarks>
internal sealed class FileSystemUploadListing : IUploadListing, IDisposable
{
    private readonly string _folder;
    private readonly FileSystemWatcher _watcher;
    private readonly ILogger _logger;
    private readonly UnscannedNames _unscanned;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public FileSystemUploadListing(IOptions<StorageOptions> options, ILogger<FileSystemUploadListing> logger)
    {
        _logger = logger;
        _folder = Path.GetFullPath(Path.Combine(options.Value.RootPath, options.Value.UploadsContainer));
        _unscanned = new UnscannedNames(logger, _folder);
        Directory.CreateDirectory(_folder);
        _watcher = new FileSystemWatcher(_folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size
                | NotifyFilters.LastWrite,
        };
        _watcher.Created += (_, _) => Changed();
        _watcher.Changed += (_, _) => Changed();
        _watcher.Renamed += (_, _) => Changed();
        _watcher.Error += (_, e) =>
        {
            logger.LogWarning(
                "Watching {Folder} missed events ({Error}); rescanning", _folder, e.GetException().Message);
            Changed();
        };
        _watcher.EnableRaisingEvents = true;
    }

    public Task<IReadOnlyList<UploadEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<UploadEntry>();
        var files = new DirectoryInfo(_folder).EnumerateFiles(
            "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true });
        try
        {
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetRelativePath(_folder, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (_unscanned.Accepts(name))
                {
                    entries.Add(new UploadEntry(
                        name, file.Length, file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The folder was removed under us; it is empty as far as scans go.
        }

        return Task.FromResult<IReadOnlyList<UploadEntry>>(entries);
    }

    public async Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _changes.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: time for the periodic rescan.
        }
    }

    public void Dispose() => _watcher.Dispose();

    private void Changed() => _changes.Writer.TryWrite(true);
}
