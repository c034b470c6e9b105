using System.Buffers;
using System.Text;

namespace DeepScan.Workflow.Storage;

/// <summary>
/// The naming policy for the uploads container, shared by the blob and the filesystem store so that a name is
/// safe as a blob name, as a URL path and as a relative file path alike.
/// </summary>
/// <remarks>
/// A name is one or more '/'-separated segments of ASCII letters, digits, space and <c>-_.()</c>; no segment is
/// empty or starts with a dot (so no <c>.</c>, <c>..</c> or hidden files); no leading or trailing slash or space;
/// at most <see cref="MaxLength"/> characters (Azure's blob name limit).
/// </remarks>
public static class BlobNames
{
    public const int MaxLength = 1024;

    /// <summary>The longest file-name part <see cref="Sanitize"/> keeps, extension included.</summary>
    public const int MaxFileNameLength = 200;

    private const string Fallback = "video";
    private const int MaxExtensionLength = 16;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.() ");

    /// <summary>Returns the name, or throws <see cref="InvalidBlobNameException"/> saying what is wrong.</summary>
    public static string Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidBlobNameException(name, "it is empty");
        }

        if (name.Length > MaxLength)
        {
            throw new InvalidBlobNameException(name, $"it is longer than {MaxLength} characters");
        }

        if (name.Any(char.IsControl))
        {
            throw new InvalidBlobNameException(name, "it contains control characters");
        }

        if (name.StartsWith('/') || name.EndsWith('/'))
        {
            throw new InvalidBlobNameException(name, "it starts or ends with '/'");
        }

        if (name.EndsWith('.'))
        {
            // Azure Storage trims trailing dots in some APIs, so such a name would not round-trip.
            throw new InvalidBlobNameException(name, "it ends with '.'");
        }

        foreach (var segment in name.Split('/'))
        {
            ValidateSegment(name, segment);
        }

        return name;
    }

    /// <summary>True when <see cref="Validate"/> accepts the name.</summary>
    public static bool IsValid(string? name)
    {
        try
        {
            Validate(name);
            return true;
        }
        catch (InvalidBlobNameException)
        {
            return false;
        }
    }

    /// <summary>
    /// Turns a user-supplied file name into one safe segment: directories dropped, accents dropped from Latin letters
    /// (<c>vidéo</c> is kept as <c>video</c>), other characters outside the set replaced by '-', dots,
    /// spaces and dashes trimmed from the stem, shortened to <see cref="MaxFileNameLength"/> keeping the extension.
    /// Never fails: an unusable stem becomes <c>video</c> (keeping the extension).
    /// </summary>
    public static string Sanitize(string? fileName)
    {
        var lastSeparator = (fileName ?? "").LastIndexOfAny(['/', '\\']);
        var raw = WithoutAccents((fileName ?? "")[(lastSeparator + 1)..]);
        var text = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            var mapped = Allowed.Contains(c) ? c : '-';
            if (mapped != '-' || text.Length == 0 || text[^1] != '-')
            {
                text.Append(mapped);
            }
        }

        var name = text.ToString();
        var dot = name.LastIndexOf('.');
        var extension = dot >= 0 ? name[dot..].TrimEnd(' ', '.') : "";
        if (extension.Length > MaxExtensionLength || extension.Contains(' '))
        {
            (extension, dot) = ("", name.Length);
        }

        var stem = name[..(dot >= 0 ? dot : name.Length)].Trim(' ', '.', '-');
        var room = MaxFileNameLength - extension.Length;
        stem = stem.Length > room ? stem[..room].TrimEnd(' ', '.', '-') : stem;
        return (stem.Length == 0 ? Fallback : stem) + extension;
    }

    /// <summary>Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A) and the ASCII they are written
    /// as without them: a table rather than Unicode decomposition, which the invariant globalization mode lacks.
    /// </summary>
    private const string Accented =
        "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÐðÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ" +
        "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";

    private const string Plain =
        "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiDdNnOOOOOOooooooUUUUuuuuYyy" +
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz";

    /// <summary>The text with accented Latin letters written without their accents (and ß, æ, œ as two letters), so that
    /// a name in a Latin-script language keeps its letters rather than becoming dashes.</summary>
    private static string WithoutAccents(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var index = Accented.IndexOf(c);
            plain.Append(index >= 0 ? Plain[index].ToString() : c switch
            {
                'ß' => "ss",
                'Æ' => "AE",
                'æ' => "ae",
                'Œ' => "OE",
                'œ' => "oe",
                _ => c.ToString(),
            });
        }

        return plain.ToString();
    }

    /// <summary>
    /// The uploads name for a user's file: a unique folder (32 hex digits of <paramref name="unique"/>) and the
    /// sanitized file name, so an upload never replaces another and still shows its own name.
    /// </summary>
    public static string ForUpload(string? fileName, Guid unique) => $"{unique:N}/{Sanitize(fileName)}";

    /// <summary>True for a name <see cref="ForUpload"/> makes: one folder of 32 hex digits, then a file name.</summary>
    public static bool IsUploadName(string name) =>
        name.IndexOf('/') == 32 && name.IndexOf('/', 33) < 0 && Guid.TryParseExact(name[..32], "N", out _);

    private static void ValidateSegment(string name, string segment)
    {
        if (segment.Length == 0)
        {
            throw new InvalidBlobNameException(name, "it has an empty path segment ('//')");
        }

        if (segment[0] == '.')
        {
            throw new InvalidBlobNameException(name, "a path segment starts with '.' (no '.', '..' or hidden names)");
        }

        if (segment[0] == ' ' || segment[^1] == ' ')
        {
            throw new InvalidBlobNameException(name, "a path segment starts or ends with a space");
        }

        var bad = segment.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            throw new InvalidBlobNameException(
                name, $"'{segment[bad]}' is not allowed (use ASCII letters, digits, space, '-', '_', '.', '(' and ')')");
        }
    }
}
