using System.Globalization;

namespace DeepScan.Cli.Scanning;

/// <summary>The scan settings a command line may set; null leaves the configured default.</summary>
internal sealed record ScanCliOptions(
    int? Frames = null,
    int? ChunkSize = null,
    string? Detector = null,
    string? Device = null,
    string? Aggregation = null,
    IReadOnlyList<string>? Members = null,
    double? FramesPerSecond = null,
    int? MaxFrames = null)
{
    /// <summary>Each single-valued setting: its configuration key, the command-line option that sets it, and its value
    /// here as text (null: not set). One table, so the configuration, a scan's arguments and an error's option agree.
    /// </summary>
    private static readonly (string Key, string Option, Func<ScanCliOptions, string?> Value)[] Settings =
    [
        ("Scan:FramesPerVideo", "--frames", o => o.Frames?.ToString(CultureInfo.InvariantCulture)),
        ("Scan:FramesPerChunk", "--chunk-size", o => o.ChunkSize?.ToString(CultureInfo.InvariantCulture)),
        ("Detection:Detector", "--detector", o => o.Detector),
        ("Detection:Device", "--device", o => o.Device),
        ("Scan:Aggregation", "--aggregation", o => o.Aggregation),
        ("Scan:FramesPerSecond", "--rate", o => o.FramesPerSecond?.ToString("R", CultureInfo.InvariantCulture)),
        ("Scan:MaxFrames", "--max-frames", o => o.MaxFrames?.ToString(CultureInfo.InvariantCulture)),
    ];

    private const string MembersKey = "Detection:Members", MembersOption = "--members";

    /// <summary>As configuration keys of the <c>Scan</c> and <c>Detection</c> sections.</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, _, value) in Settings)
        {
            if (value(this) is { } text)
            {
                settings[key] = text;
            }
        }

        for (var i = 0; i < (Members?.Count ?? 0); i++)
        {
            settings[$"{MembersKey}:{i}"] = Members![i];
        }

        return settings;
    }

    /// <summary>A settings check's failure (<c>Scan:FramesPerVideo must be 1 to 4096, not 0.</c>) with the command-line
    /// option that sets it, for a person who typed the option and not the key.</summary>
    public static string WithOption(string failure)
    {
        var option = Settings.Select(s => (s.Key, s.Option)).Append((Key: MembersKey, Option: MembersOption))
            .FirstOrDefault(o => failure.StartsWith(o.Key, StringComparison.Ordinal)).Option;
        return option is null ? failure : $"{option}: {failure}";
    }

    /// <summary>The <c>deepscan scan</c> options that give these settings, for a scan run as its own process.</summary>
    public IEnumerable<string> ToArguments()
    {
        foreach (var (_, option, value) in Settings)
        {
            if (value(this) is { } text)
            {
                yield return option;
                yield return text;
            }
        }

        foreach (var member in Members ?? [])
        {
            yield return MembersOption;
            yield return member;
        }
    }
}
