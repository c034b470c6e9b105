using System.Collections.ObjectModel;
using System.Diagnostics;

namespace DeepScan.Detection.Video;

/// <summary>Runs a program (ffmpeg, ffprobe, or deepscan itself for <c>bench --cold</c>) with an argument list, never
/// through a shell, and collects what it prints.</summary>
public static class ExternalProcess
{
    /// <summary>The process's exit code, its stdout handed to <paramref name="readStdout"/>, and its stderr text.</summary>
    /// <param name="readStderr">Reads stderr to its end while stdout is read, returning the text to keep; all of it
    /// when null.</param>
    /// <param name="environment">Variables to set for the program, beside those it inherits.</param>
    /// <remarks>stderr is drained concurrently, so a chatty process can never block on a full pipe; on
    /// cancellation the whole process tree is killed before the exception propagates.</remarks>
    public static async Task<(int ExitCode, string Stderr)> RunAsync(
        string program,
        IEnumerable<string> arguments,
        Func<Stream, CancellationToken, Task> readStdout,
        CancellationToken cancellationToken,
        Func<StreamReader, Task<string>>? readStderr = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var started = Start(program, arguments, environment: environment);
        return await started.RunAsync(readStdout, cancellationToken, readStderr).ConfigureAwait(false);
    }

    /// <summary>Starts a program now, to be run (its output read) later; with <paramref name="redirectInput"/>, its
    /// stdin is a pipe the caller writes (<see cref="StartedProcess.WriteInputAndCloseAsync"/>).</summary>
    /// <param name="environment">Variables to set for the program, beside those it inherits.</param>
    /// <exception cref="InvalidOperationException">The program could not be started (not installed).</exception>
    public static StartedProcess Start(
        string program,
        IEnumerable<string> arguments,
        bool redirectInput = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? ReadOnlyDictionary<string, string>.Empty)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"'{program}' could not be started ({ex.Message}). Install it: run ./setup.sh.", ex);
        }

        return new StartedProcess(program, process);
    }

    /// <summary>The last non-empty line of a tool's stderr, for one-line error messages; <paramref name="none"/> when
    /// it printed nothing.</summary>
    public static string LastLine(string stderr, string none = "no message") =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
        ?? none;
}
