using System.Diagnostics;
using DeepScan.Cli.Benchmarking;
using DeepScan.Detection.Tests;

namespace DeepScan.Cli.Tests.Native;

/// <summary>The native <c>deepscan</c> setup.sh publishes into <c>.deepscan/bin</c>, and this test build's own JIT
/// <c>deepscan</c>, run as processes the way users run them.</summary>
internal static class NativeDeepScan
{
    /// <summary>The native executable's path.</summary>
    public static string Executable { get; } = Path.Combine(TestPaths.RepoRoot, ".deepscan", "bin", "deepscan");

    /// <summary>Why the native tests do not run here, or null when they do: only a setup told not to publish
    /// (<c>DEEPSCAN_PUBLISH_CLI=0</c>) skips them. A missing executable otherwise fails them.</summary>
    public static string? WhySkipped =>
        Environment.GetEnvironmentVariable("DEEPSCAN_PUBLISH_CLI") == "0"
            ? "DEEPSCAN_PUBLISH_CLI=0: setup.sh did not publish the native deepscan"
            : null;

    /// <summary>Runs the native build to its end.</summary>
    public static Task<Finished> RunAsync(params string[] arguments) => RunAsync(Installed(), arguments);

    /// <summary>Runs this test build's JIT-compiled <c>deepscan</c> (through <c>dotnet</c>) to its end.</summary>
    public static Task<Finished> RunJitAsync(params string[] arguments)
    {
        var jit = DeepScanExecutable.Current();
        Assert.False(jit.Native);
        return RunAsync(jit.Program, [.. jit.Arguments(arguments)]);
    }

    /// <summary>Starts the native build and leaves it running, each line it writes handed to
    /// <paramref name="log"/>; the caller stops it.</summary>
    public static Process Start(
        IReadOnlyDictionary<string, string> environment, Action<string> log, params string[] arguments)
    {
        var process = Process.Start(StartInfo(Installed(), arguments, environment))!;
        process.OutputDataReceived += (_, line) => Log(line.Data);
        process.ErrorDataReceived += (_, line) => Log(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Log(string? line)
        {
            if (line is not null)
            {
                log(line);
            }
        }
    }

    /// <summary>The native executable's path; fails the test, naming the fix, where setup has not published it.
    /// </summary>
    private static string Installed()
    {
        Assert.True(File.Exists(Executable), $"No native deepscan at {Executable}: run ./setup.sh.");
        return Executable;
    }

    private static async Task<Finished> RunAsync(string program, string[] arguments)
    {
        using var process = Process.Start(StartInfo(program, arguments, new Dictionary<string, string>()))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran for over 3 minutes.");
        }

        return new Finished(process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo StartInfo(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = TestPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEEPSCAN_MODEL_DIR"] = TestPaths.ModelDir;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>A process that ran to its end: its exit code and what it wrote.</summary>
    public sealed record Finished(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }
}

/// <summary>A test of the native build; skipped only where setup was told not to publish it.</summary>
public sealed class NativeDeepScanFactAttribute : FactAttribute
{
    public NativeDeepScanFactAttribute()
    {
        if (NativeDeepScan.WhySkipped is { } reason)
        {
            Skip = reason;
        }
    }
}
