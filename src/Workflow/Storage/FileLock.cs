namespace DeepScan.Workflow.Storage;

/// <summary>An exclusive lock on a lock file, held until disposed; excludes other processes and threads.</summary>
/// <remarks>.NET opens a file with <see cref="FileShare.None"/> under an exclusive advisory lock (flock on Unix), so a
/// second open fails until the first handle is closed; acquiring polls until then.</remarks>
internal sealed class FileLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FileStream _handle;

    private FileLock(FileStream handle) => _handle = handle;

    public static async Task<FileLock> AcquireAsync(string lockPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
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
