namespace DeepScan.Detection.Evidence;

/// <summary>
/// The face thumbnails of one scored chunk, as PNGs: what a ScoreChunk activity keeps in the scan store for the
/// scan's evidence sheet, because thumbnails must not travel through Durable history with the scores.
/// </summary>
public sealed record ChunkEvidence(int ChunkIndex, EvidenceFace[] Faces)
{
    /// <summary>Encodes the thumbnails in frame and face order, so the same faces always give the same bytes.</summary>
    public static ChunkEvidence From(int chunkIndex, IEnumerable<FaceThumbnail> thumbnails) => new(
        chunkIndex,
        thumbnails.OrderBy(t => t.FrameIndex).ThenBy(t => t.FaceIndex)
            .Select(t => new EvidenceFace(t.FrameIndex, t.FaceIndex, t.Box, ThumbnailPng.Encode(t.Image)))
            .ToArray());

    /// <summary>The thumbnails, decoded; only those of <paramref name="only"/>'s faces (frame index, face index) when
    /// given, so a sheet that shows some of many faces decodes no others.</summary>
    /// <exception cref="InvalidDataException">A face's bytes are not an image.</exception>
    public IEnumerable<FaceThumbnail> Thumbnails(IReadOnlySet<(int Frame, int Face)>? only = null) =>
        Faces.Where(f => only is null || only.Contains((f.FrameIndex, f.FaceIndex)))
            .Select(f => new FaceThumbnail(f.FrameIndex, f.FaceIndex, f.Box, ThumbnailPng.Decode(f.Png)));
}

/// <summary>One face of a <see cref="ChunkEvidence"/>: which face it is and its thumbnail as PNG bytes.</summary>
/// <param name="Box">The detector box, as in <see cref="FaceThumbnail.Box"/>.</param>
public sealed record EvidenceFace(int FrameIndex, int FaceIndex, FaceBox Box, byte[] Png);
