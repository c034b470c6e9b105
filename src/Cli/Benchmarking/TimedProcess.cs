using System.Diagnostics;

namespace DeepScan.Cli.Benchmarking;

/// <summary>One finished run of a program: its wall time, the CPU time it and its own children used, its exit code
/// and the last line it wrote to stderr.</summary>
internal sealed record TimedRun(double WallMs, double CpuMs, int ExitCode, string LastError);

/// <summary>Runs a program to its end (never through a shell), its output discarded, and times it.</summary>
/// <remarks>CPU time is the change in <c>getrusage(RUSAGE_CHILDREN)</c> across the run, so it counts the processes the
/// program itself started and waited for (a scan's ffmpeg and ffprobe) too. Runs must not overlap.</remarks>
internal static class TimedProcess
{
    /// <exception cref="InvalidOperationException">The program could not be started; the message names it.</exception>
    public static async Task<TimedRun> RunAsync(
        string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var before = ResourceUsage.Now();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{program} could not be started ({ex.Message}).", ex);
        }

        using var kill = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        // Both pipes are drained, so a chatty program never blocks on a full one.
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var stderr = await process.StandardError.ReadToEndAsync(CancellationToken.None);
        await stdout;
        await process.WaitForExitAsync(CancellationToken.None);
        var wall = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var cpu = ResourceUsage.Now().ChildrenCpu - before.ChildrenCpu;
        var lastError = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault() ?? "";
        return new TimedRun(wall.TotalMilliseconds, cpu.TotalMilliseconds, process.ExitCode, lastError);
    }
}
