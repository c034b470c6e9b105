namespace DeepScan.Detection.Spectrum;

/// <summary>The radial profile of the authors' <c>radialProfile.azimuthalAverage</c>.</summary>
internal static class AzimuthalAverage
{
    /// <summary>
    /// The mean of the image over each integer radius floor(hypot(x - c, y - c)), with c = (W - 1) / 2 for both
    /// axes (upstream takes the x extent for y too), in increasing radius, leaving out the first and the last
    /// radius present: upstream's cumulative-sum differences never close those two bins.
    /// </summary>
    public static double[] Compute(double[] image, int width, int height)
    {
        var centre = (width - 1) / 2.0;
        var maxRadius = (int)Radius(centre, Math.Max(centre, Math.Abs(height - 1 - centre)));
        var sums = new double[maxRadius + 1];
        var counts = new int[maxRadius + 1];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Coordinates are integers or halves, so an exact integer radius is exact here as in numpy.
                var r = (int)Radius(x - centre, y - centre);
                sums[r] += image[y * width + x];
                counts[r]++;
            }
        }

        var present = Enumerable.Range(0, counts.Length).Where(r => counts[r] > 0).ToArray();
        var profile = new double[Math.Max(0, present.Length - 2)];
        for (var i = 0; i < profile.Length; i++)
        {
            var r = present[i + 1];
            profile[i] = sums[r] / counts[r];
        }

        return profile;
    }

    private static double Radius(double dx, double dy) => Math.Sqrt(dx * dx + dy * dy);
}
