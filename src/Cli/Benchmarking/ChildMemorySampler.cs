using System.Globalization;

namespace DeepScan.Cli.Benchmarking;

/// <summary>
/// Samples the memory of this process's live child processes (ffmpeg, ffprobe) from <c>/proc</c> until disposed:
/// the largest sum, over samples, of the children's peak resident sets (<c>VmHWM</c>). Linux only; zero elsewhere.
/// </summary>
/// <remarks>Summing each child's own peak slightly overstates children that peak at different times; a child that
/// lives shorter than the interval can be missed, which ffmpeg decoding a video never does.</remarks>
internal sealed class ChildMemorySampler : IAsyncDisposable
{
    private static readonly string? OwnExecutable =
        OperatingSystem.IsLinux() ? File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: false)?.FullName : null;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakBytes;
    private bool _enabled = true;

    public ChildMemorySampler(TimeSpan interval)
    {
        _sampling = OperatingSystem.IsLinux() ? Task.Run(() => SampleAsync(interval)) : Task.CompletedTask;
    }

    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>While false, children are not sampled (to leave out processes that are not under test).</summary>
    public bool Enabled
    {
        get => Volatile.Read(ref _enabled);
        set => Volatile.Write(ref _enabled, value);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            var total = Enabled ? ChildIds().Where(HasExecuted).Sum(HighWaterBytes) : 0;
            if (total > Interlocked.Read(ref _peakBytes))
            {
                Interlocked.Exchange(ref _peakBytes, total);
            }
        }
        while (await Tick(timer));
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Children of every thread of this process: whichever thread started a process is its parent.</summary>
    private static IEnumerable<string> ChildIds() =>
        Directory.EnumerateDirectories("/proc/self/task")
            .SelectMany(task => ReadOrEmpty(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>False for a child still between fork and exec: it is a copy of this process, not ffmpeg yet.</summary>
    private static bool HasExecuted(string pid)
    {
        try
        {
            return File.ResolveLinkTarget($"/proc/{pid}/exe", returnFinalTarget: false)?.FullName != OwnExecutable;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long HighWaterBytes(string pid)
    {
        var line = ReadOrEmpty($"/proc/{pid}/status").Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(kilobytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
    }

    /// <summary>A /proc file's text, or empty when the thread or process has gone meanwhile.</summary>
    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
