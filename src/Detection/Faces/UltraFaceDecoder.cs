namespace DeepScan.Detection.Faces;

/// <summary>
/// Reads UltraFace's outputs into face boxes in model-input pixels. The Linzaer ONNX export already applies the
/// priors and the softmax, so its boxes are corners normalised to [0, 1] and its scores are (background, face).
/// </summary>
internal static class UltraFaceDecoder
{
    /// <summary>The faces whose face probability is at least <paramref name="scoreThreshold"/>, before any NMS.</summary>
    /// <param name="scores">Two values per prior: background and face probability.</param>
    /// <param name="boxes">Four values per prior: left, top, right, bottom as fractions of the input size.</param>
    public static List<DetectedFace> Decode(
        ReadOnlySpan<float> scores,
        ReadOnlySpan<float> boxes,
        int inputWidth,
        int inputHeight,
        float scoreThreshold)
    {
        var priors = scores.Length / 2;
        if (scores.Length != priors * 2 || boxes.Length != priors * 4)
        {
            throw new ArgumentException(
                $"Expected 2 scores and 4 box values per prior; got {scores.Length} scores and {boxes.Length} box values.");
        }

        var faces = new List<DetectedFace>();
        for (var i = 0; i < priors; i++)
        {
            var score = scores[i * 2 + 1];
            if (score < scoreThreshold)
            {
                continue;
            }

            var b = boxes.Slice(i * 4, 4);
            var left = b[0] * inputWidth;
            var top = b[1] * inputHeight;
            faces.Add(new DetectedFace(new FaceBox(left, top, b[2] * inputWidth - left, b[3] * inputHeight - top), score));
        }

        return faces;
    }
}
