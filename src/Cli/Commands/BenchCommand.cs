using System.CommandLine;
using DeepScan.Cli.Benchmarking;
using DeepScan.Cli.Rendering;
using Spectre.Console;

namespace DeepScan.Cli.Commands;

/// <summary><c>deepscan bench &lt;video&gt; [--runs N]</c>: how fast and how lean a scan of one video is.</summary>
internal static class BenchCommand
{
    private static readonly Argument<FileInfo> Video = new("video") { Description = "The video file to scan." };

    private static readonly Option<int> Runs = new("--runs")
    {
        Description = "Warm scans to time, and ffmpeg decode-only runs to compare with (default 3).",
        DefaultValueFactory = _ => 3,
    };

    public static Command GetCommand()
    {
        var command = new Command(
            "bench", "Time scans of a video against ffmpeg's own decode, with per-stage rates and peak memory.")
        {
            Video, Runs, ScanCommonOptions.PerChunkDecode,
        };
        ScanCommonOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            new BenchOptions(
                parse.GetValue(Video)!,
                parse.GetValue(Runs),
                ScanCommonOptions.Parse(parse),
                SharedDecodePass: !parse.GetValue(ScanCommonOptions.PerChunkDecode),
                Verbose: parse.GetValue(ScanCommonOptions.Verbose)),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        if (!options.Video.Exists)
        {
            return CommandFailure.Report(ExitCodes.BadInput, $"{options.Video.FullName}: file not found.");
        }

        if (options.Runs < 1)
        {
            return CommandFailure.Report(ExitCodes.BadInput, $"--runs must be at least 1, not {options.Runs}.");
        }

        BenchReport report;
        try
        {
            report = await ScanBenchmark.RunAsync(
                options, step => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(step)}[/]"), cancellationToken);
        }
        catch (Exception ex) when (CommandFailure.IsSetupProblem(ex))
        {
            return CommandFailure.Report(ExitCodes.SetupRequired, ex.Message);
        }
        catch (BenchScanFailedException ex)
        {
            return CommandFailure.Report(ScanCommand.ExitCodeOf(ex.Verdict), ex.Message);
        }

        BenchReportRenderer.Render(AnsiConsole.Console, report);
        return ExitCodes.Verdict;
    }
}
