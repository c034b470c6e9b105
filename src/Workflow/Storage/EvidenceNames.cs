using System.Globalization;

namespace DeepScan.Workflow.Storage;

/// <summary>Where a scan's evidence lives inside the evidence container, as blob names and relative file paths alike.
/// </summary>
/// <remarks>Callers pass validated scan ids only, so no name can leave the container.</remarks>
internal static class EvidenceNames
{
    /// <summary>Matches the chunk files of one scan's folder.</summary>
    public const string ChunkPattern = "chunk-*.json";

    /// <summary>The sheet: <c>{scanId}.png</c>.</summary>
    public static string Sheet(string scanId) => scanId + ".png";

    /// <summary>The folder (blob prefix, without its slash) holding the scan's chunk thumbnails.</summary>
    public static string ChunkFolder(string scanId) => scanId;

    /// <summary>One chunk's thumbnails: <c>{scanId}/chunk-NNNNNN.json</c>, zero-padded so names sort in chunk order.
    /// </summary>
    public static string Chunk(string scanId, int chunkIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        return $"{ChunkFolder(scanId)}/chunk-{chunkIndex.ToString("D6", CultureInfo.InvariantCulture)}.json";
    }
}
