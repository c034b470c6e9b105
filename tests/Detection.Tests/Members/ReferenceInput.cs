namespace DeepScan.Detection.Tests.Members;

/// <summary>
/// The deterministic input of the torch-versus-ONNX-Runtime parity checks; the twin of
/// <c>tools/train/reference_input.py</c>: x[n, c, h, w] = 100·sin(0.05(h+1)(c+1) + 0.031(w+1)(n+1) + 0.7n).
/// </summary>
internal static class ReferenceInput
{
    public static float[] Create(int batch, int size)
    {
        var data = new float[batch * 3 * size * size];
        var i = 0;
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var h = 0; h < size; h++)
                {
                    for (var w = 0; w < size; w++)
                    {
                        data[i++] = (float)(100 * Math.Sin(0.05 * (h + 1) * (c + 1) + 0.031 * (w + 1) * (n + 1) + 0.7 * n));
                    }
                }
            }
        }

        return data;
    }
}
