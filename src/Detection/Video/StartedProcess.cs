using System.Diagnostics;

namespace DeepScan.Detection.Video;

/// <summary>
/// A program started by <see cref="ExternalProcess.Start"/> whose output is not read yet: ffmpeg can start (load its
/// libraries, open the file) while what it is to do is still being worked out, and get that on stdin.
/// </summary>
/// <remarks>Disposing it kills the program if it still runs: one that was started and never run does not linger.
/// </remarks>
public sealed class StartedProcess : IDisposable
{
    private readonly Process _process;
    private bool _ran;

    internal StartedProcess(string program, Process process)
    {
        Program = program;
        _process = process;
    }

    public string Program { get; }

    /// <summary>The operating system's id of the process.</summary>
    public int Id => _process.Id;

    /// <summary>Writes <paramref name="text"/> to the program's stdin and closes it; only for a program started with
    /// its input redirected.</summary>
    /// <exception cref="IOException">The program exited before reading it (a broken pipe).</exception>
    public async Task WriteInputAndCloseAsync(string text, CancellationToken cancellationToken)
    {
        var input = _process.StandardInput;
        await input.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
        input.Close();
    }

    /// <summary>The process's exit code, its stdout handed to <paramref name="readStdout"/>, and its stderr text.</summary>
    /// <param name="readStderr">Reads stderr to its end while stdout is read, returning the text to keep; all of it
    /// when null.</param>
    /// <remarks>stderr is drained concurrently, so a chatty process can never block on a full pipe; on
    /// cancellation the whole process tree is killed before the exception propagates. Runs once.</remarks>
    public async Task<(int ExitCode, string Stderr)> RunAsync(
        Func<Stream, CancellationToken, Task> readStdout,
        CancellationToken cancellationToken,
        Func<StreamReader, Task<string>>? readStderr = null)
    {
        if (_ran)
        {
            throw new InvalidOperationException($"'{Program}' was already run.");
        }

        _ran = true;
        using var kill = cancellationToken.Register(Kill);
        var stderr = readStderr is null
            ? _process.StandardError.ReadToEndAsync(CancellationToken.None)
            : Task.Run(() => readStderr(_process.StandardError), CancellationToken.None);
        try
        {
            await readStdout(_process.StandardOutput.BaseStream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever the reader left unread must still be drained, or the process blocks on a full pipe.
            await _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None).ConfigureAwait(false);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (_process.ExitCode, await stderr.ConfigureAwait(false));
    }

    public void Dispose()
    {
        Kill();
        if (!_ran)
        {
            // Never run: nothing drains its pipes, so reap it here rather than leave a zombie.
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
