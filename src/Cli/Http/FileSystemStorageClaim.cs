using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>
/// The claim on a storage folder: <c>.serve.lock</c> in <c>Storage:RootPath</c>, open with <see cref="FileShare.None"/>
/// (an exclusive advisory lock, flock on Unix) while serve runs. The system drops it when the process ends, however it
/// ends, so a serve that crashed leaves nothing to wait for.
/// </summary>
internal sealed class FileSystemStorageClaim(IOptions<StorageOptions> storage) : IHostedService, IServeStorageClaim, IDisposable
{
    public const string FileName = ".serve.lock";

    private FileStream? _lock;

    public string? LostReason => null; // a lock held by this process cannot be taken from it

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(storage.Value.RootPath);
        Directory.CreateDirectory(root);
        try
        {
            _lock = new FileStream(Path.Combine(root, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            throw new StorageInUseException(
                $"another deepscan serve is using the storage folder {root} (Storage:RootPath). "
                + $"{StorageInUseException.OneServePerStorage} Stop the other one, or give this one a folder of its own.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
