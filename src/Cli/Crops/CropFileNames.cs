using System.Globalization;
using System.Text;

namespace DeepScan.Cli.Crops;

/// <summary>
/// Names crop files from the video's name without trusting it: only the last path segment's stem is kept, reduced
/// to letters, digits, '.', '_' and '-', so no name can leave the output folder, hide itself or read as an option.
/// </summary>
internal static class CropFileNames
{
    private const int MaxStemLength = 80;

    /// <summary>One file-name prefix per video, in order: its sanitised stem, with <c>-2</c>, <c>-3</c>… added where
    /// another video of the run already has it (compared ignoring case, for case-insensitive file systems).</summary>
    public static IReadOnlyList<string> Prefixes(IEnumerable<string> videos)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new List<string>();
        foreach (var video in videos)
        {
            var stem = Stem(video);
            var prefix = stem;
            for (var n = 2; !taken.Add(prefix); n++)
            {
                prefix = $"{stem}-{n}";
            }

            prefixes.Add(prefix);
        }

        return prefixes;
    }

    /// <summary>The crop's file name: prefix, frame index and the face's index within the frame.</summary>
    public static string For(string prefix, int frame, int face) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_f{frame:D6}_{face}.png");

    /// <summary>The last segment of <paramref name="video"/> (either slash), without its extension, made safe;
    /// <c>video</c> when nothing usable is left.</summary>
    public static string Stem(string video)
    {
        var name = video[(video.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0)
        {
            name = name[..dot];
        }

        var safe = new StringBuilder(Math.Min(name.Length, MaxStemLength));
        foreach (var c in name)
        {
            if (safe.Length == MaxStemLength)
            {
                break;
            }

            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        var stem = safe.ToString().TrimStart('.', '-');
        return stem.Length > 0 ? stem : "video";
    }
}
