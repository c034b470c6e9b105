using DeepScan.Detection.Evaluation;

namespace DeepScan.Cli.Crops;

/// <summary>A video to crop and what <c>labels.csv</c> says about it.</summary>
/// <param name="Path">Absolute path of the video.</param>
/// <param name="Video">The video as the input names it: as given, relative to the input folder, or as the labels
/// file writes it.</param>
/// <param name="IsFake">The label, when a labels file gives one.</param>
/// <param name="Extra">The labels file's other columns, in <see cref="CropSet.ExtraColumns"/> order.</param>
internal sealed record CropSource(string Path, string Video, bool? IsFake, string[] Extra);

/// <summary>What <c>deepscan crops</c> reads: the videos and the labels file's extra column names.</summary>
internal sealed record CropSet(IReadOnlyList<string> ExtraColumns, IReadOnlyList<CropSource> Videos);

/// <summary>The input of <c>deepscan crops</c> is missing or unreadable; the message says which and why.</summary>
internal sealed class CropInputException(string message) : Exception(message);

/// <summary>Turns the command's input (a video, a folder of videos or a labels CSV) into the videos to crop.</summary>
internal static class CropSources
{
    /// <summary>Extensions a folder's files must have to be taken as videos.</summary>
    public static readonly IReadOnlySet<string> VideoExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".ts", ".wmv", ".flv", ".3gp",
    };

    /// <exception cref="CropInputException">The input does not exist, a folder holds no video, or the labels file is
    /// unusable.</exception>
    public static CropSet Resolve(string input)
    {
        if (Directory.Exists(input))
        {
            var root = System.IO.Path.GetFullPath(input);
            var videos = Directory.EnumerateFiles(
                    root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                .Where(f => VideoExtensions.Contains(System.IO.Path.GetExtension(f)))
                .Order(StringComparer.Ordinal)
                .Select(f => new CropSource(f, System.IO.Path.GetRelativePath(root, f), null, []))
                .ToList();
            return videos.Count > 0
                ? new CropSet([], videos)
                : throw new CropInputException(
                    $"{input}: no videos in this folder or below ({string.Join(", ", VideoExtensions.Order())}).");
        }

        if (!File.Exists(input))
        {
            throw new CropInputException($"{input}: no such file or folder.");
        }

        if (!string.Equals(System.IO.Path.GetExtension(input), ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new CropSet([], [new CropSource(System.IO.Path.GetFullPath(input), input, null, [])]);
        }

        try
        {
            var table = LabelsFile.ReadTable(input);
            return new CropSet(
                table.ExtraColumns,
                table.Items.Select(i => new CropSource(i.Path, i.File, i.IsFake, i.Extra ?? [])).ToList());
        }
        catch (LabelsFileException ex)
        {
            throw new CropInputException(ex.Message);
        }
    }
}
