namespace DeepScan.Cli.Crops;

/// <summary>What a <c>deepscan crops</c> run wrote, for its closing summary.</summary>
/// <param name="NoFaces">Videos that were decoded but gave no face large enough to crop.</param>
/// <param name="Skipped">Videos that could not be read, each with the reason.</param>
/// <param name="PartlyRead">Videos some of whose chunks could not be decoded (a truncated file), with the reason.</param>
internal sealed record CropSummary(
    int Videos,
    int Frames,
    int Crops,
    IReadOnlyList<string> NoFaces,
    IReadOnlyList<(string Video, string Reason)> Skipped,
    IReadOnlyList<(string Video, string Reason)> PartlyRead,
    double WallSeconds)
{
    public static CropSummary Of(IReadOnlyList<CroppedVideo> videos, double wallSeconds) => new(
        videos.Count,
        videos.Sum(v => v.Frames),
        videos.Sum(v => v.Rows.Count),
        videos.Where(v => v.Skipped is null && v.Rows.Count == 0).Select(v => v.Source.Video).ToList(),
        videos.Where(v => v.Skipped is not null).Select(v => (v.Source.Video, v.Skipped!)).ToList(),
        videos.Where(v => v.PartlyRead is not null).Select(v => (v.Source.Video, v.PartlyRead!)).ToList(),
        wallSeconds);
}
