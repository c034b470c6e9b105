using System.CommandLine;
using DeepScan.Cli.Benchmarking;
using DeepScan.Cli.Rendering;
using Spectre.Console;

namespace DeepScan.Cli.Commands;

/// <summary><c>deepscan bench &lt;video&gt; [--runs N] [--cold]</c>: how fast and how lean a scan of one video is.
/// </summary>
internal static class BenchCommand
{
    private static readonly Argument<FileInfo> Video = new("video") { Description = "The video file to scan." };

    private static readonly Option<int> Runs = new("--runs")
    {
        Description = "Scans to time (warm ones, or fresh processes with --cold), each paired with an ffmpeg "
            + "decode-only run (default 3).",
        DefaultValueFactory = _ => 3,
    };

    private static readonly Option<bool> Cold = new("--cold")
    {
        Description = "Time whole `deepscan scan` processes (start-up, JIT and model loading included) instead of "
            + "warm scans.",
    };

    public static Command GetCommand()
    {
        var command = new Command(
            "bench", "Time scans of a video against ffmpeg's own decode, with per-stage rates and peak memory.")
        {
            Video, Runs, Cold, ScanCommonOptions.PerChunkDecode,
        };
        ScanCommonOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            new BenchOptions(
                parse.GetValue(Video)!,
                parse.GetValue(Runs),
                ScanCommonOptions.Parse(parse),
                SharedDecodePass: !parse.GetValue(ScanCommonOptions.PerChunkDecode),
                Verbose: parse.GetValue(ScanCommonOptions.Verbose),
                Cold: parse.GetValue(Cold)),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        if (InputPaths.WhyUnreadable(options.Video) is { } unreadable)
        {
            return CommandFailure.Report(ExitCodes.BadInput, unreadable);
        }

        if (options.Runs < 1)
        {
            return CommandFailure.Report(ExitCodes.BadInput, $"--runs must be at least 1, not {options.Runs}.");
        }

        if (options.Cold)
        {
            return await RunColdAsync(options, cancellationToken);
        }

        BenchReport report;
        try
        {
            report = await ScanBenchmark.RunAsync(
                options, Progress, cancellationToken);
        }
        catch (Exception ex) when (CommandFailure.IsSetupProblem(ex))
        {
            return CommandFailure.ReportSetupProblem(ex);
        }
        catch (BenchScanFailedException ex)
        {
            return CommandFailure.Report(ScanCommand.ExitCodeOf(ex.Verdict), ex.Message);
        }

        BenchReportRenderer.Render(AnsiConsole.Console, report);
        return ExitCodes.Verdict;
    }

    private static async Task<int> RunColdAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ColdBenchReport report;
        try
        {
            report = await ColdScanBenchmark.RunAsync(options, Progress, cancellationToken);
        }
        catch (ColdScanFailedException ex)
        {
            return CommandFailure.Report(ex.ExitCode, ex.Message);
        }

        ColdBenchReportRenderer.Render(AnsiConsole.Console, report);
        return ExitCodes.Verdict;
    }

    private static void Progress(string step) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(step)}[/]");
}
