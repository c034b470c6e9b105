namespace DeepScan.Detection.Spectrum;

/// <summary>A face crop is too small for the spectrum features: its inner third has too few frequencies.</summary>
public sealed class FaceTooSmallException(int width, int height, int minimumSide)
    : Exception($"Face crop {width}x{height} is too small for spectrum features: "
        + $"each side needs at least {minimumSide} pixels.")
{
    public int Width { get; } = width;

    public int Height { get; } = height;
}
