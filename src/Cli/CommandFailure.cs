using DeepScan.Cli.Scanning;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Cli;

/// <summary>How every verb ends when it cannot do its job: one line on stderr and a named exit code.</summary>
internal static class CommandFailure
{
    /// <summary>Missing or invalid models or native libraries: the message names the fix (<see cref="ExitCodes.SetupRequired"/>).</summary>
    public static bool IsSetupProblem(Exception ex) => ex is ModelSetupException or OnnxRuntimeException;

    /// <summary>Loads the scanner's models now, so a setup problem is reported before any video is read.</summary>
    /// <returns>Null when every model loaded; else <see cref="ExitCodes.SetupRequired"/>, with the fix reported.</returns>
    public static int? LoadModels(LocalScanner scanner)
    {
        try
        {
            _ = scanner.Engine;
            return null;
        }
        catch (Exception ex) when (IsSetupProblem(ex))
        {
            return Report(ExitCodes.SetupRequired, ex.Message);
        }
    }

    /// <summary>What to say about a video argument that is not a file: a folder, or nothing at all.</summary>
    public static string NotAFile(FileInfo video) => Directory.Exists(video.FullName)
        ? $"{video.FullName}: that is a folder; give a video file (deepscan crops takes a folder, deepscan eval a labels file)."
        : $"{video.FullName}: file not found.";

    /// <summary>Writes <c>deepscan: message</c> to stderr and returns <paramref name="exitCode"/>.</summary>
    public static int Report(int exitCode, string message)
    {
        Console.Error.WriteLine($"deepscan: {message}");
        return exitCode;
    }
}
