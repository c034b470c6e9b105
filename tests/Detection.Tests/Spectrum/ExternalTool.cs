using System.Diagnostics;

namespace DeepScan.Detection.Tests.Spectrum;

/// <summary>Runs a command-line tool the tests compare against (ffmpeg, ffprobe, the Python reference).</summary>
internal static class ExternalTool
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Standard output of <paramref name="program"/>; a non-zero exit fails with its standard error.</summary>
    public static byte[] Run(string program, params string[] arguments)
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        }

        return output.ToArray();
    }

    /// <summary>A tools/spectrum script run with Debian's Python, its standard output as text.</summary>
    public static string RunSpectrumTool(string script, params string[] arguments) =>
        System.Text.Encoding.UTF8.GetString(
            Run(Python, [Path.Combine(TestPaths.RepoRoot, "tools", "spectrum", script), .. arguments]));
}
