namespace DeepScan.Detection.Faces;

/// <summary>Removes overlapping detections of the same face, keeping the most confident (greedy) or blending them.</summary>
public static class NonMaxSuppression
{
    /// <summary>Intersection over union of two boxes; 0 when either is empty.</summary>
    public static float IntersectionOverUnion(FaceBox a, FaceBox b)
    {
        var width = Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X);
        var height = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        var intersection = width * height;
        var union = a.Area + b.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /// <summary>
    /// Classic greedy NMS: in descending score order, keeps a face unless it overlaps an already kept one by more
    /// than <paramref name="iouThreshold"/>.
    /// </summary>
    public static IReadOnlyList<DetectedFace> Greedy(IReadOnlyList<DetectedFace> candidates, float iouThreshold)
    {
        var kept = new List<DetectedFace>();
        foreach (var candidate in ByDescendingScore(candidates))
        {
            if (kept.TrueForAll(k => IntersectionOverUnion(k.Box, candidate.Box) <= iouThreshold))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    /// <summary>
    /// MediaPipe's weighted NMS: the most confident remaining face absorbs every face overlapping it by more than
    /// <paramref name="iouThreshold"/>, and its box becomes their score-weighted average (its own score is kept).
    /// </summary>
    /// <remarks>
    /// Anchor-dense detectors such as BlazeFace fire on several neighbouring anchors per face; averaging them gives
    /// a steadier box from frame to frame than picking one. Unlike MediaPipe, a group whose best face overlaps an
    /// already blended box by more than the threshold is dropped: blending moves a box, and on close-up faces the
    /// moved box and a leftover off-centre anchor otherwise come out as two faces.
    /// </remarks>
    public static IReadOnlyList<DetectedFace> Weighted(IReadOnlyList<DetectedFace> candidates, float iouThreshold)
    {
        var remaining = ByDescendingScore(candidates).ToList();
        var kept = new List<DetectedFace>();
        while (remaining.Count > 0)
        {
            var top = remaining[0];
            var absorbed = remaining.Skip(1).ToLookup(c => IntersectionOverUnion(top.Box, c.Box) > iouThreshold);
            remaining = absorbed[false].ToList();
            var blended = top with { Box = ScoreWeightedAverage(absorbed[true].Prepend(top).ToList()) };
            if (kept.TrueForAll(k => IntersectionOverUnion(k.Box, blended.Box) <= iouThreshold))
            {
                kept.Add(blended);
            }
        }

        return kept;
    }

    private static IEnumerable<DetectedFace> ByDescendingScore(IReadOnlyList<DetectedFace> candidates) =>
        candidates.OrderByDescending(c => c.Score);

    private static FaceBox ScoreWeightedAverage(IReadOnlyList<DetectedFace> cluster)
    {
        if (cluster.Count == 1)
        {
            return cluster[0].Box; // exactly, without the rounding of a one-term average
        }

        float total = 0, x = 0, y = 0, right = 0, bottom = 0;
        foreach (var face in cluster)
        {
            total += face.Score;
            x += face.Box.X * face.Score;
            y += face.Box.Y * face.Score;
            right += face.Box.Right * face.Score;
            bottom += face.Box.Bottom * face.Score;
        }

        if (total <= 0)
        {
            return cluster[0].Box;
        }

        x /= total;
        y /= total;
        return new FaceBox(x, y, right / total - x, bottom / total - y);
    }
}
