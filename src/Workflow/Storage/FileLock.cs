namespace DeepScan.Workflow.Storage;

/// <summary>An exclusive lock on one file path, held until disposed; excludes other processes as well as threads.
/// </summary>
/// <remarks>The lock is a hidden file beside the target (<c>.{name}.lock</c>; valid names never start with a dot).
/// .NET opens a file with <see cref="FileShare.None"/> under an exclusive advisory lock (flock on Unix), so a
/// second open fails until the first handle is closed; acquiring polls until then. Only writers that take the
/// lock are excluded.</remarks>
internal sealed class FileLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FileStream _handle;

    private FileLock(FileStream handle) => _handle = handle;

    /// <summary>Waits (up to 30 s, then <see cref="TimeoutException"/>) until it holds the lock on
    /// <paramref name="path"/>.</summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var lockPath = Path.Combine(folder, $".{Path.GetFileName(path)}.lock");
        var waited = TimeSpan.Zero;
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            try
            {
                return new FileLock(
                    new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (IsHeldElsewhere(ex) && waited < Patience)
            {
                await Task.Delay(delay, cancellationToken);
                waited += delay;
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
            }
            catch (IOException ex) when (IsHeldElsewhere(ex))
            {
                throw new TimeoutException($"'{lockPath}' stayed locked for {Patience.TotalSeconds:0} s.", ex);
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private static bool IsHeldElsewhere(IOException ex) =>
        ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException);
}
