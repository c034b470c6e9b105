using System.Security.Cryptography;
using System.Text;

namespace DeepScan.Workflow.Storage;

/// <summary>Deterministic scan ids: the same blob version always maps to the same scan (and orchestration).</summary>
/// <remarks>
/// Event Grid delivers at least once, so one upload can trigger twice; both triggers derive the same id and the
/// second finds the scan already started. New content under the same name has a new ETag, hence a new scan.
/// </remarks>
public static class ScanIds
{
    public const string Prefix = "scan-";
    private const int HexLength = 32;

    /// <summary><c>scan-</c> + the first 32 hex digits of sha256(name + "\n" + version).</summary>
    /// <param name="videoName">The uploads blob name (or a local file's name); no line breaks.</param>
    /// <param name="videoVersion">The ETag (quoted or not) or the content sha256.</param>
    public static string For(string videoName, string videoVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(videoName);
        ArgumentException.ThrowIfNullOrEmpty(videoVersion);
        if (videoName.Contains('\n') || videoVersion.Contains('\n'))
        {
            // The newline separates name from version; inside either it would let two pairs share an id.
            throw new ArgumentException("A video name or version cannot contain a line break.", nameof(videoName));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(videoName + "\n" + NormalizeVersion(videoVersion)));
        return Prefix + Convert.ToHexStringLower(hash)[..HexLength];
    }

    /// <summary>
    /// The version without ETag decoration: an HTTP ETag header is quoted (<c>"0x8D…"</c>) while Event Grid's
    /// <c>eTag</c> field is not, and both must give the same scan id.
    /// </summary>
    public static string NormalizeVersion(string version)
    {
        var v = version.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal))
        {
            v = v[2..];
        }

        return v.Trim('"');
    }

    /// <summary>True for ids this class produces; stores accept no other, so an id can never name a path.</summary>
    public static bool IsValid(string? scanId) =>
        scanId is { Length: 5 + HexLength }
        && scanId.StartsWith(Prefix, StringComparison.Ordinal)
        && scanId.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>Returns the id, or throws <see cref="InvalidScanIdException"/> when it is not a scan id.</summary>
    public static string Validate(string? scanId) =>
        IsValid(scanId) ? scanId! : throw new InvalidScanIdException(scanId);
}
