namespace DeepScan.Detection.Imaging;

/// <summary>Writes RGB images into float tensors, scaled to [0, 1] then normalised per channel: (v − mean) / std.</summary>
public static class TensorPacker
{
    /// <summary>Channels-last (N, H, W, 3): Keras and TFLite-derived models such as MesoNet and BlazeFace.</summary>
    public static void WriteNhwc(RgbImage image, Span<float> destination, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        var pixels = image.Pixels;
        Check(destination, pixels.Length, mean, std);
        for (var i = 0; i < pixels.Length; i += 3)
        {
            destination[i] = (pixels[i] / 255f - mean[0]) / std[0];
            destination[i + 1] = (pixels[i + 1] / 255f - mean[1]) / std[1];
            destination[i + 2] = (pixels[i + 2] / 255f - mean[2]) / std[2];
        }
    }

    /// <summary>Channels-first (N, 3, H, W): PyTorch exports such as EfficientNet or Xception.</summary>
    public static void WriteNchw(RgbImage image, Span<float> destination, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        var pixels = image.Pixels;
        Check(destination, pixels.Length, mean, std);
        var plane = image.Width * image.Height;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                destination[c * plane + p] = (pixels[p * 3 + c] / 255f - mean[c]) / std[c];
            }
        }
    }

    private static void Check(Span<float> destination, int length, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; the image needs {length}.");
        }

        if (mean.Length != 3 || std.Length != 3)
        {
            throw new ArgumentException("Mean and std need one value per RGB channel.");
        }
    }
}
