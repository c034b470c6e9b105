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
    /// <summary>As configuration keys of the <c>Scan</c> and <c>Detection</c> sections.</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>();
        Set(settings, "Scan:FramesPerVideo", Frames?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(settings, "Scan:FramesPerChunk", ChunkSize?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(settings, "Scan:Aggregation", Aggregation);
        Set(settings, "Scan:FramesPerSecond", FramesPerSecond?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(settings, "Scan:MaxFrames", MaxFrames?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(settings, "Detection:Detector", Detector);
        Set(settings, "Detection:Device", Device);
        for (var i = 0; i < (Members?.Count ?? 0); i++)
        {
            settings[$"Detection:Members:{i}"] = Members![i];
        }

        return settings;
    }

    /// <summary>A settings check's failure (<c>Scan:FramesPerVideo must be 1 to 4096, not 0.</c>) with the command-line
    /// option that sets it, for a person who typed the option and not the key.</summary>
    public static string WithOption(string failure)
    {
        (string Key, string Option)[] options =
        [
            ("Scan:FramesPerVideo", "--frames"), ("Scan:FramesPerChunk", "--chunk-size"), ("Scan:FramesPerSecond", "--rate"),
            ("Scan:MaxFrames", "--max-frames"), ("Scan:Aggregation", "--aggregation"), ("Detection:Detector", "--detector"),
            ("Detection:Device", "--device"), ("Detection:Members", "--members"),
        ];
        var match = options.FirstOrDefault(o => failure.StartsWith(o.Key, StringComparison.Ordinal));
        return match.Option is null ? failure : $"{match.Option}: {failure}";
    }

    /// <summary>The <c>deepscan scan</c> options that give these settings, for a scan run as its own process.</summary>
    public IEnumerable<string> ToArguments()
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        (string Option, string? Value)[] options =
        [
            ("--frames", Frames?.ToString(invariant)),
            ("--chunk-size", ChunkSize?.ToString(invariant)),
            ("--detector", Detector),
            ("--device", Device),
            ("--aggregation", Aggregation),
            ("--rate", FramesPerSecond?.ToString("R", invariant)),
            ("--max-frames", MaxFrames?.ToString(invariant)),
        ];
        foreach (var (option, value) in options.Where(o => o.Value is not null))
        {
            yield return option;
            yield return value!;
        }

        foreach (var member in Members ?? [])
        {
            yield return "--members";
            yield return member;
        }
    }

    private static void Set(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }
}
