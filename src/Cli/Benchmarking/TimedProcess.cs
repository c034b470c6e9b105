using System.Diagnostics;
using DeepScan.Detection.Video;

namespace DeepScan.Cli.Benchmarking;

/// <summary>One finished run of a program: its wall time, the CPU time it and its own children used, its exit code
/// and the last line it wrote to stderr.</summary>
internal sealed record TimedRun(double WallMs, double CpuMs, int ExitCode, string LastError);

/// <summary>Runs a program to its end through <see cref="ExternalProcess"/>, its output discarded, and times it.</summary>
/// <remarks>CPU time is the change in <c>getrusage(RUSAGE_CHILDREN)</c> across the run, so it counts the processes the
/// program itself started and waited for (a scan's ffmpeg and ffprobe) too. Runs must not overlap.</remarks>
internal static class TimedProcess
{
    /// <exception cref="InvalidOperationException">The program could not be started; the message names it.</exception>
    public static async Task<TimedRun> RunAsync(
        string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var before = ResourceUsage.Now();
        var clock = Stopwatch.StartNew();
        // Stdout is left unread: ExternalProcess drains what the reader leaves, so the program never blocks on it.
        var (exitCode, stderr) = await ExternalProcess.RunAsync(
            program, arguments, (_, _) => Task.CompletedTask, cancellationToken);
        var wall = clock.Elapsed;
        var cpu = ResourceUsage.Now().ChildrenCpu - before.ChildrenCpu;
        return new TimedRun(
            wall.TotalMilliseconds, cpu.TotalMilliseconds, exitCode, ExternalProcess.LastLine(stderr, none: ""));
    }
}
