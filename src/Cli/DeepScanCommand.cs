using System.CommandLine;
using DeepScan.Cli.Commands;

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
        return await root.Parse(args).InvokeAsync();
    }
}
