using System.CommandLine;
using DeepScan.Cli.Commands;
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
        return await root.Parse(args).InvokeAsync();
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
}
