namespace DeepScan.Detection.Faces;

/// <summary>Turns one YuNet feature level's outputs into face boxes in model-input pixels (OpenCV's FaceDetectorYN).</summary>
internal static class YuNetDecoder
{
    /// <summary>The feature strides of YuNet's three heads, matching its <c>*_8</c>, <c>*_16</c>, <c>*_32</c> outputs.</summary>
    public static readonly int[] Strides = [8, 16, 32];

    /// <summary>Appends the level's faces scoring at least <paramref name="scoreThreshold"/> to <paramref name="faces"/>.</summary>
    /// <param name="classScores">One class score per cell (already a probability), rows top to bottom.</param>
    /// <param name="objectness">One objectness per cell.</param>
    /// <param name="boxes">Four values per cell: centre offset in cells (x, y) and log size in strides (w, h).</param>
    public static void Decode(
        int stride,
        int inputWidth,
        int inputHeight,
        ReadOnlySpan<float> classScores,
        ReadOnlySpan<float> objectness,
        ReadOnlySpan<float> boxes,
        float scoreThreshold,
        List<DetectedFace> faces)
    {
        var columns = inputWidth / stride;
        var rows = inputHeight / stride;
        var cells = columns * rows;
        if (classScores.Length != cells || objectness.Length != cells || boxes.Length != cells * 4)
        {
            throw new ArgumentException(
                $"Stride {stride} on {inputWidth}x{inputHeight} has {cells} cells; got {classScores.Length} scores, " +
                $"{objectness.Length} objectness values and {boxes.Length / 4} boxes.");
        }

        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var i = row * columns + column;
                var score = MathF.Sqrt(Math.Clamp(classScores[i], 0f, 1f) * Math.Clamp(objectness[i], 0f, 1f));
                if (score < scoreThreshold)
                {
                    continue;
                }

                var b = boxes.Slice(i * 4, 4);
                var centreX = (column + b[0]) * stride;
                var centreY = (row + b[1]) * stride;
                var width = MathF.Exp(b[2]) * stride;
                var height = MathF.Exp(b[3]) * stride;
                faces.Add(new DetectedFace(new FaceBox(centreX - width / 2, centreY - height / 2, width, height), score));
            }
        }
    }
}
