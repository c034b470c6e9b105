using DeepScan.Cli.Scanning;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Cli;

/// <summary>How every verb ends when it cannot do its job: one line on stderr and a named exit code.</summary>
internal static class CommandFailure
{
    /// <summary>Missing or invalid models or native libraries: the message names the fix (<see cref="ExitCodes.SetupRequired"/>).</summary>
    public static bool IsSetupProblem(Exception ex) => ex is ModelSetupException or OnnxRuntimeException;

    /// <summary>Reports a setup problem: <see cref="ExitCodes.SetupRequired"/>, or <see cref="ExitCodes.BadInput"/> when
    /// an option named a model the manifest does not have.</summary>
    public static int ReportSetupProblem(Exception ex) =>
        Report(ex is UnknownModelException ? ExitCodes.BadInput : ExitCodes.SetupRequired, ex.Message);

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
            return ReportSetupProblem(ex);
        }
    }

    /// <summary>Writes <c>deepscan: message</c> to stderr and returns <paramref name="exitCode"/>.</summary>
    public static int Report(int exitCode, string message)
    {
        Console.Error.WriteLine($"deepscan: {message}");
        return exitCode;
    }
}
