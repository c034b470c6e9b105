using System.Diagnostics;

namespace DeepScan.Detection.Video;

/// <summary>Runs a program (ffmpeg, ffprobe, or deepscan itself for <c>bench --cold</c>) with an argument list, never
/// through a shell, and collects what it prints.</summary>
public static class ExternalProcess
{
    /// <summary>The process's exit code, its stdout handed to <paramref name="readStdout"/>, and its stderr text.</summary>
    /// <param name="readStderr">Reads stderr to its end while stdout is read, returning the text to keep; all of it
    /// when null.</param>
    /// <remarks>stderr is drained concurrently, so a chatty process can never block on a full pipe; on
    /// cancellation the whole process tree is killed before the exception propagates.</remarks>
    public static async Task<(int ExitCode, string Stderr)> RunAsync(
        string program,
        IEnumerable<string> arguments,
        Func<Stream, CancellationToken, Task> readStdout,
        CancellationToken cancellationToken,
        Func<StreamReader, Task<string>>? readStderr = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{program}' could not be started ({ex.Message}). Install it: run ./setup.sh.", ex);
        }

        using var kill = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        });

        var stderr = readStderr is null
            ? process.StandardError.ReadToEndAsync(CancellationToken.None)
            : Task.Run(() => readStderr(process.StandardError), CancellationToken.None);
        try
        {
            await readStdout(process.StandardOutput.BaseStream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever the reader left unread must still be drained, or the process blocks on a full pipe.
            await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None).ConfigureAwait(false);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (process.ExitCode, await stderr.ConfigureAwait(false));
    }

    /// <summary>The last non-empty line of a tool's stderr, for one-line error messages; <paramref name="none"/> when
    /// it printed nothing.</summary>
    public static string LastLine(string stderr, string none = "no message") =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
        ?? none;
}
