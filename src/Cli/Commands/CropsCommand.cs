using System.CommandLine;
using System.Globalization;
using DeepScan.Cli.Crops;
using DeepScan.Cli.Scanning;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DeepScan.Cli.Commands;

/// <summary><c>deepscan crops &lt;input&gt; --out DIR</c>: writes the face crops a scan scores, as PNGs with a
/// labels file, so training and serving see the same faces.</summary>
internal static class CropsCommand
{
    private static readonly Argument<string> Input = new("input")
    {
        Description = "A video, a folder of videos (searched recursively) or a labels CSV (file,label,… columns; "
            + "files relative to the CSV, as for eval).",
    };

    private static readonly Option<DirectoryInfo> Out = new("--out")
    {
        Description = "Folder for the PNG crops and labels.csv; created if absent, refused if not empty (see --force).",
        Required = true,
    };

    /// <summary>The largest <c>--size</c>: far above any member's input (224 to 256 today), and a crop of it (48 MB of
    /// RGB) still fits in memory; larger sizes overflowed the pixel count.</summary>
    private const int MaxSize = 4096;

    private static readonly Option<int?> Size = new("--size")
    {
        Description = "Letterbox each crop to NxN, as an onnx-image member of input size N receives it; "
            + "default: the crop's own square size.",
    };

    private static readonly Option<string?> Member = new("--member")
    {
        Description = "Frame faces as this ensemble member does (its manifest cropMargin); default: the engine's margin.",
    };

    private static readonly Option<bool> Force = new("--force")
    {
        Description = "Write into a non-empty --out folder, replacing files of the same names.",
    };

    private static readonly Option<int?> Parallel = new("--parallel")
    {
        Description = "Videos cropped at once (default: the number of cores).",
    };

    public static Command GetCommand()
    {
        var command = new Command("crops", "Write the face crops a scan scores (PNG) and a labels.csv, for training.")
        {
            Input, Out, Size, Member, Force, Parallel,
        };
        ScanCommonOptions.AddTo(command, scoring: false);
        command.SetAction((parse, ct) =>
        {
            var options = ScanCommonOptions.Parse(parse);
            var member = parse.GetValue(Member);
            return RunAsync(
                parse.GetValue(Input)!,
                new CropRequest(
                    parse.GetValue(Out)!.FullName,
                    parse.GetValue(Size),
                    member,
                    parse.GetValue(Force),
                    Math.Max(1, parse.GetValue(Parallel) ?? Environment.ProcessorCount)),
                options with { Members = member is null ? null : [member] },
                parse.GetValue(ScanCommonOptions.Verbose),
                ct);
        });
        return command;
    }

    /// <returns><see cref="ExitCodes.Verdict"/> when at least one video was read (unreadable ones are listed),
    /// <see cref="ExitCodes.BadInput"/> for a missing input, a bad labels file, a bad option, a non-empty
    /// <c>--out</c> without <c>--force</c> or when no video could be read; <see cref="ExitCodes.SetupRequired"/> for
    /// a model problem.</returns>
    public static async Task<int> RunAsync(
        string input, CropRequest request, ScanCliOptions options, bool verbose, CancellationToken cancellationToken)
    {
        if (request.Size is <= 0 or > MaxSize)
        {
            return CommandFailure.Report(ExitCodes.BadInput, $"--size must be 1 to {MaxSize} pixels, not {request.Size}.");
        }

        CropSet set;
        try
        {
            set = CropSources.Resolve(input);
        }
        catch (CropInputException ex)
        {
            return CommandFailure.Report(ExitCodes.BadInput, ex.Message);
        }

        if (Directory.Exists(request.OutputFolder)
            && Directory.EnumerateFileSystemEntries(request.OutputFolder).Any()
            && !request.Overwrite)
        {
            return CommandFailure.Report(
                ExitCodes.BadInput,
                $"{request.OutputFolder} is not empty; choose an empty folder or pass --force to write into it.");
        }

        if (OutputPaths.WhyUnwritableFolder(new DirectoryInfo(request.OutputFolder), "--out") is { } unwritable)
        {
            return CommandFailure.Report(ExitCodes.BadInput, unwritable);
        }

        using var scanner = new LocalScanner(options, verbose ? LogLevel.Information : LogLevel.Error);
        if (CommandFailure.LoadModels(scanner) is { } setupFailed)
        {
            return setupFailed;
        }

        CropSummary summary = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape($"cropping {set.Videos.Count} videos"), maxValue: set.Videos.Count);
                summary = await new CropExporter(scanner, request).ExportAsync(set, () => task.Increment(1), cancellationToken);
            });

        Print(summary, request.OutputFolder);
        return summary.Skipped.Count == summary.Videos ? ExitCodes.BadInput : ExitCodes.Verdict;
    }

    private static void Print(CropSummary summary, string folder)
    {
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Videos} videos ({summary.Skipped.Count} skipped, {summary.NoFaces.Count} without a face), " +
            $"{summary.Frames} frames, {summary.Crops} crops in {summary.WallSeconds:0.0} s → {folder}"));
        foreach (var video in summary.NoFaces)
        {
            AnsiConsole.WriteLine($"  {video}: no face found");
        }

        foreach (var (video, reason) in summary.Skipped)
        {
            AnsiConsole.WriteLine($"  {video}: skipped, {reason}");
        }

        foreach (var (video, reason) in summary.PartlyRead)
        {
            AnsiConsole.WriteLine($"  {video}: partly read, {reason}");
        }
    }
}
