using System.CommandLine;
using DeepScan.Cli.Scanning;

namespace DeepScan.Cli.Commands;

/// <summary>The options every scanning verb shares (scan, bench, eval, crops).</summary>
internal static class ScanCommonOptions
{
    public static readonly Option<int?> Frames = new("--frames")
    {
        Description = "Frames sampled evenly across each video (default 32).",
    };

    public static readonly Option<double?> Rate = new("--rate")
    {
        Description = "Frames per second of video instead of a fixed count, for coverage of long videos (capped by --max-frames).",
    };

    public static readonly Option<int?> MaxFrames = new("--max-frames")
    {
        Description = "The most frames --rate samples from one video (default 1024).",
    };

    public static readonly Option<int?> ChunkSize = new("--chunk-size")
    {
        Description = "Sampled frames per chunk, the unit of fan-out and of one ffmpeg process (default 8).",
    };

    public static readonly Option<string?> Detector = new("--detector")
    {
        Description = "Face detector from the model manifest: blazeface (default), yunet or ultraface.",
    };

    public static readonly Option<string?> Device = DeviceOption();

    public static readonly Option<string?> Aggregation = new("--aggregation")
    {
        Description = "Per-video aggregate: trimmed-mean (default), mean or confident.",
    };

    public static readonly Option<string[]> Members = new("--members")
    {
        Description = "Only these ensemble members (manifest names, by spaces or commas); default every enabled member.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Not shared by every verb: <c>scan</c> and <c>bench</c> add it.</summary>
    public static readonly Option<bool> PerChunkDecode = new("--per-chunk-decode")
    {
        Description = "Decode with one ffmpeg per chunk, as the Functions host does, instead of one shared pass.",
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log what the engine does.",
    };

    /// <summary><c>--device</c>, refused at parsing unless cpu or cuda (any case), as a malformed number is: left to the
    /// settings binder, any other word ended in a stack trace.</summary>
    private static Option<string?> DeviceOption()
    {
        var option = new Option<string?>("--device") { Description = "cpu or cuda; cuda falls back to cpu with the reason logged." };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } device
                && !device.Equals("cpu", StringComparison.OrdinalIgnoreCase)
                && !device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError($"--device must be cpu or cuda, not '{device}'.");
            }
        });
        return option;
    }

    /// <param name="scoring">False leaves out the options that only change scores (<c>--aggregation</c>,
    /// <c>--members</c>), for a verb that finds faces without scoring them.</param>
    public static void AddTo(Command command, bool scoring = true)
    {
        Option[] options = scoring
            ? [Frames, Rate, MaxFrames, ChunkSize, Detector, Device, Aggregation, Members, Verbose]
            : [Frames, Rate, MaxFrames, ChunkSize, Detector, Device, Verbose];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    public static ScanCliOptions Parse(ParseResult parse) => new(
        parse.GetValue(Frames),
        parse.GetValue(ChunkSize),
        parse.GetValue(Detector),
        parse.GetValue(Device),
        parse.GetValue(Aggregation),
        // "--members a,b" as well as "--members a b": a comma is never part of a manifest name.
        parse.GetValue(Members)?.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray() is { Length: > 0 } members ? members : null,
        parse.GetValue(Rate),
        parse.GetValue(MaxFrames));
}
