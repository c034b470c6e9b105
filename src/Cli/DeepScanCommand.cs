using System.CommandLine;
using DeepScan.Cli.Commands;
using DeepScan.Cli.Scanning;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace DeepScan.Cli;

/// <summary>The <c>deepscan</c> root command: wires the verbs and runs one.</summary>
internal static class DeepScanCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("deepscan: scan videos for deepfaked faces.")
        {
            ScanCommand.GetCommand(),
            EvalCommand.GetCommand(),
            CropsCommand.GetCommand(),
            ServeCommand.GetCommand(),
            BenchCommand.GetCommand(),
        };
        WidenRedirectedOutput();
        var parsed = root.Parse(args);
        try
        {
            // Our own handler rather than System.CommandLine's, which prints a setting out of range as a stack trace.
            var code = await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            // A malformed option (--frames abc, --device tpu) has been reported with the usage; as unusable input, it
            // exits 2, not the 1 that means a scan could score nothing.
            return parsed.Errors.Count > 0 ? ExitCodes.BadInput : code;
        }
        catch (OptionsValidationException ex)
        {
            // --frames 0, --chunk-size 500, --rate -1: the settings' own check says what is allowed.
            return CommandFailure.Report(ExitCodes.BadInput, string.Join(" ", ex.Failures.Select(ScanCliOptions.WithOption)));
        }
        catch (InvalidOperationException ex) when (ex.Source == ConfigurationBinder)
        {
            // Serve__UploadPollInterval=abc, Scan__FramesPerVideo=abc: the binder's message names the value and the key.
            return CommandFailure.Report(ExitCodes.BadInput, ex.Message);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            // What the default handler did: the whole exception, for a bug report.
            Console.Error.WriteLine($"Unhandled exception: {ex}");
            return ExitCodes.ScanFailed;
        }
    }

    /// <summary>Output written to a file or a pipe has no terminal width, and Spectre would wrap every table at 80
    /// columns (eval's intervals broke over three lines); there it gets <c>COLUMNS</c> or a width that fits them.
    /// </summary>
    private static void WidenRedirectedOutput()
    {
        if (!Console.IsOutputRedirected)
        {
            return;
        }

        AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns)
            && columns > 0 ? columns : RedirectedWidth;
    }

    private const int RedirectedWidth = 160;

    /// <summary>The assembly whose conversion failures are a setting that was given a value of the wrong type.</summary>
    private const string ConfigurationBinder = "Microsoft.Extensions.Configuration.Binder";
}
