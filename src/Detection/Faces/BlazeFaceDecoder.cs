namespace DeepScan.Detection.Faces;

/// <summary>Turns BlazeFace's raw per-anchor outputs into face boxes in model-input pixels (MediaPipe's decoding).</summary>
internal static class BlazeFaceDecoder
{
    /// <summary>Regressor values per anchor: box centre offset (x, y), size (w, h), then six (x, y) key points.</summary>
    public const int ValuesPerAnchor = 16;

    /// <summary>MediaPipe's <c>score_clipping_thresh</c>: logits are clamped to ±100 before the sigmoid.</summary>
    public const float LogitClip = 100f;

    /// <summary>The faces whose sigmoid score exceeds <paramref name="scoreThreshold"/>, before any NMS.</summary>
    /// <param name="logits">One raw score per anchor.</param>
    /// <param name="regressors"><see cref="ValuesPerAnchor"/> values per anchor, in input pixels relative to the anchor.</param>
    /// <param name="anchors">The model's anchors, in the order of its outputs.</param>
    /// <param name="inputSize">The square model input, in pixels.</param>
    public static List<DetectedFace> Decode(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> regressors,
        IReadOnlyList<AnchorCentre> anchors,
        int inputSize,
        float scoreThreshold)
    {
        if (logits.Length != anchors.Count || regressors.Length != anchors.Count * ValuesPerAnchor)
        {
            throw new ArgumentException(
                $"Expected {anchors.Count} scores and {anchors.Count * ValuesPerAnchor} regressors, " +
                $"got {logits.Length} and {regressors.Length}.");
        }

        var faces = new List<DetectedFace>();
        for (var i = 0; i < anchors.Count; i++)
        {
            var score = Sigmoid(Math.Clamp(logits[i], -LogitClip, LogitClip));
            if (score < scoreThreshold)
            {
                continue;
            }

            // Offsets and sizes are in input pixels; anchors have unit size, so the size is absolute.
            var r = regressors.Slice(i * ValuesPerAnchor, 4);
            var centreX = anchors[i].X * inputSize + r[0];
            var centreY = anchors[i].Y * inputSize + r[1];
            faces.Add(new DetectedFace(new FaceBox(centreX - r[2] / 2, centreY - r[3] / 2, r[2], r[3]), score));
        }

        return faces;
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
