using System.CommandLine;
using System.Text.Json;
using DeepScan.Cli.Rendering;
using DeepScan.Cli.Scanning;
using DeepScan.Detection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DeepScan.Cli.Commands;

/// <summary><c>deepscan scan &lt;video&gt; [--json out.json] [--evidence out.png]</c>: one video in, a verdict out.</summary>
internal static class ScanCommand
{
    private static readonly Argument<FileInfo> Video = new("video") { Description = "The video file to scan." };

    private static readonly Option<FileInfo?> Json = new("--json")
    {
        Description = "Also write the verdict document (JSON) to this file.",
    };

    private static readonly Option<FileInfo?> Evidence = new("--evidence")
    {
        Description = "Also write a contact sheet (PNG) of every scored face with its time and probability.",
    };

    public static Command GetCommand()
    {
        var command = new Command("scan", "Scan a video for deepfaked faces and print the verdict.")
        {
            Video, Json, Evidence, ScanCommonOptions.PerChunkDecode,
        };
        ScanCommonOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(Video)!,
            parse.GetValue(Json),
            ScanCommonOptions.Parse(parse),
            parse.GetValue(Evidence),
            parse.GetValue(ScanCommonOptions.Verbose),
            !parse.GetValue(ScanCommonOptions.PerChunkDecode),
            cancellationToken));
        return command;
    }

    /// <param name="sharedDecodePass">False decodes with one ffmpeg per chunk, as the Functions host does.</param>
    public static async Task<int> RunAsync(
        FileInfo video,
        FileInfo? json,
        ScanCliOptions options,
        FileInfo? evidence,
        bool verbose,
        bool sharedDecodePass,
        CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (InputPaths.WhyUnreadable(video) is { } unreadable)
        {
            return CommandFailure.Report(ExitCodes.BadInput, unreadable);
        }

        if ((OutputPaths.WhyUnwritable(json, "--json")
                ?? OutputPaths.WhyUnwritable(evidence, "--evidence")
                ?? OutputPaths.WhyClashing([video], (json, "--json"), (evidence, "--evidence"))) is { } unwritable)
        {
            return CommandFailure.Report(ExitCodes.BadInput, unwritable);
        }

        // With --evidence the workflow keeps thumbnails and renders the sheet, as serve and the Functions app do.
        using var scanner = new LocalScanner(
            options,
            verbose ? LogLevel.Information : LogLevel.Warning,
            sharedDecodePass,
            keepEvidence: evidence is not null);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // ffprobe, then ffmpeg, start before anything else competes for the cores: decoding is the longest step.
        scanner.BeginDecoding(video.FullName, stop.Token);
        // The models load while the video is probed, decoded from the start, hashed and planned (a cold start waits
        // for the slower of the two, not both); a setup problem is still reported as one, and stops the scan. The
        // loading blocks its thread, so it gets one of its own rather than one of a cold process's few pool threads.
        var loading = Task.Factory.StartNew(
            () => scanner.Engine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        ScanRun run = null!;
        try
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Markup.Escape($"scanning {video.Name}"), maxValue: 1);
                    var total = 0;
                    scanner.Planned += chunks => Volatile.Write(ref total, chunks);
                    scanner.ChunkScored += _ => task.Increment(1.0 / Math.Max(1, Volatile.Read(ref total)));
                    var scanning = scanner.ScanAsync(video.FullName, stop.Token);
                    try
                    {
                        await loading;
                    }
                    catch
                    {
                        await stop.CancelAsync();
                        await scanning.ContinueWith(_ => { }, TaskScheduler.Default);
                        throw;
                    }

                    run = await scanning;
                    task.Value = task.MaxValue;
                });
        }
        catch (Exception ex) when (CommandFailure.IsSetupProblem(ex))
        {
            return CommandFailure.ReportSetupProblem(ex);
        }

        VerdictRenderer.Render(console, run.Verdict);
        if (json is not null)
        {
            await WriteJsonAsync(json, run.Verdict, cancellationToken);
            console.MarkupLine($"[grey]verdict written to {Markup.Escape(json.FullName)}[/]");
        }

        if (evidence is not null && run.Evidence is not null)
        {
            await File.WriteAllBytesAsync(evidence.FullName, run.Evidence, cancellationToken);
            console.MarkupLine($"[grey]evidence sheet written to {Markup.Escape(evidence.FullName)}[/]");
        }
        else if (evidence is not null)
        {
            console.MarkupLine("[red]no evidence sheet: it could not be rendered (run with --verbose to see why)[/]");
        }

        return ExitCodeOf(run.Verdict);
    }

    /// <summary>An error verdict with nothing planned is unusable input; with a plan, the scan itself failed.</summary>
    public static int ExitCodeOf(VerdictDocument verdict) => verdict.Verdict switch
    {
        VerdictState.Error when verdict.Aggregation.ChunksPlanned == 0 => ExitCodes.BadInput,
        VerdictState.Error => ExitCodes.ScanFailed,
        _ => ExitCodes.Verdict,
    };

    private static async Task WriteJsonAsync(FileInfo target, VerdictDocument verdict, CancellationToken cancellationToken)
    {
        // Written beside the target and moved over it, so a crash never leaves half a document.
        var temp = target.FullName + ".tmp";
        await using (var stream = File.Create(temp))
        {
            await JsonSerializer.SerializeAsync(stream, verdict, DetectionJsonContext.Default.VerdictDocument, cancellationToken);
        }

        File.Move(temp, target.FullName, overwrite: true);
    }
}
