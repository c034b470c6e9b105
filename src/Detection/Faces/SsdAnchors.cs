namespace DeepScan.Detection.Faces;

/// <summary>An SSD anchor's centre, in [0, 1] model-input coordinates.</summary>
internal readonly record struct AnchorCentre(float X, float Y);

/// <summary>
/// The anchor centres of MediaPipe's <c>SsdAnchorsCalculator</c> with <c>fixed_anchor_size: true</c>, the
/// configuration of the BlazeFace models (their anchors have unit size, so only the centres matter).
/// </summary>
internal static class SsdAnchors
{
    /// <summary>
    /// Anchors in the order the model emits its predictions: per feature map, rows top to bottom, cells left to right,
    /// then the anchors of one cell.
    /// </summary>
    /// <param name="inputSize">The square model input, in pixels.</param>
    /// <param name="strides">One stride per SSD layer. Consecutive layers with the same stride share one feature map,
    /// and each contributes <paramref name="anchorsPerLayer"/> anchors to its cells (MediaPipe's grouping).</param>
    /// <param name="anchorsPerLayer">Two in BlazeFace: aspect ratio 1 plus the interpolated scale.</param>
    /// <param name="offset">Where in a cell the centre sits; MediaPipe's <c>anchor_offset</c> is 0.5.</param>
    public static AnchorCentre[] Generate(int inputSize, IReadOnlyList<int> strides, int anchorsPerLayer, float offset = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(anchorsPerLayer);
        var anchors = new List<AnchorCentre>();
        for (var layer = 0; layer < strides.Count;)
        {
            var stride = strides[layer];
            var sharing = 0;
            while (layer < strides.Count && strides[layer] == stride)
            {
                sharing++;
                layer++;
            }

            var cells = (int)Math.Ceiling((double)inputSize / stride);
            var perCell = sharing * anchorsPerLayer;
            for (var y = 0; y < cells; y++)
            {
                for (var x = 0; x < cells; x++)
                {
                    var centre = new AnchorCentre((x + offset) / cells, (y + offset) / cells);
                    anchors.AddRange(Enumerable.Repeat(centre, perCell));
                }
            }
        }

        return anchors.ToArray();
    }
}
