using DeepScan.Cli.Scanning;

namespace DeepScan.Cli.Benchmarking;

/// <summary>What <c>deepscan bench</c> measures: one video, scanned <paramref name="Runs"/> times after a warm-up, or
/// with <paramref name="Cold"/> by <paramref name="Runs"/> fresh <c>deepscan scan</c> processes.</summary>
/// <param name="SharedDecodePass">True (the CLI's default) decodes each video in one ffmpeg pass shared by its
/// chunks; false runs one ffmpeg per chunk, as the Functions host does.</param>
internal sealed record BenchOptions(
    FileInfo Video,
    int Runs,
    ScanCliOptions Scan,
    bool SharedDecodePass = true,
    bool Verbose = false,
    bool Cold = false);
