using System.Globalization;
using DeepScan.Detection.Evaluation;

namespace DeepScan.Cli.Crops;

/// <summary>Writes <c>labels.csv</c> beside the crops: one row per crop, in input order, then frame, then face.</summary>
/// <remarks>Its <c>file</c> and <c>label</c> columns make it a labels file <c>deepscan eval</c> and training read as
/// they are; the input labels file's other columns (a split, a method) follow the crop's own.</remarks>
internal static class CropLabels
{
    public const string FileName = "labels.csv";

    public static readonly string[] Columns =
        ["file", "label", "video", "frame", "time", "x", "y", "w", "h", "score", "detector", "face"];

    public static async Task WriteAsync(
        string path,
        IReadOnlyList<string> extraColumns,
        string detector,
        IEnumerable<CroppedVideo> videos,
        bool overwrite,
        CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(new FileStream(
            path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None));
        writer.NewLine = "\n";
        await writer.WriteLineAsync(CsvLine.Join(Columns.Concat(Header(extraColumns))));
        foreach (var video in videos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var row in video.Rows)
            {
                await writer.WriteLineAsync(CsvLine.Join(Fields(video.Source, row, detector)));
            }
        }
    }

    /// <summary>The input's other columns, each named <c>input_</c> and its name where it shares a name with a column
    /// of the crop's own (a <c>video</c> or <c>frame</c> column), so that no two columns of the file share a name.
    /// </summary>
    internal static IEnumerable<string> Header(IReadOnlyList<string> extraColumns) => extraColumns.Select(c =>
        Columns.Contains(c, StringComparer.OrdinalIgnoreCase) ? "input_" + c : c);

    private static IEnumerable<string> Fields(CropSource source, CropRow row, string detector)
    {
        var box = row.Detection.Box;
        return new[]
        {
            row.File,
            source.IsFake switch { true => "FAKE", false => "REAL", null => "" },
            source.Video,
            row.Frame.ToString(CultureInfo.InvariantCulture),
            N(row.TimeSeconds),
            N(box.X), N(box.Y), N(box.Width), N(box.Height),
            row.Detection.Score.ToString("0.####", CultureInfo.InvariantCulture),
            detector,
            row.Face.ToString(CultureInfo.InvariantCulture),
        }.Concat(source.Extra);
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
