namespace DeepScan.Cli.Benchmarking;

/// <summary>One utilization sample the NVIDIA driver recorded: its CPU timestamp (microseconds since the Unix epoch)
/// and the percent of its sample period that the engine it measures (kernels, or the video decoder) was busy.</summary>
internal readonly record struct GpuSample(ulong TimeUs, double Percent);

/// <summary>How busy the GPU was during one scan, from the driver's own samples (NVML), device-wide.</summary>
/// <param name="KernelPercent">The mean share of time in which one or more kernels ran; null when no sample fell
/// inside the scan.</param>
/// <param name="DecoderPercent">The same for the video decoder (NVDEC), which <c>-hwaccel cuda</c> uses.</param>
internal sealed record GpuBusy(double? KernelPercent, int KernelSamples, double? DecoderPercent, int DecoderSamples)
{
    /// <summary>The mean of the samples stamped after <paramref name="fromUs"/> and at most <paramref name="toUs"/>,
    /// and how many there were; a null mean when there were none (a scan shorter than the driver's sample period).
    /// </summary>
    public static (double? Mean, int Count) MeanWithin(IEnumerable<GpuSample> samples, ulong fromUs, ulong toUs)
    {
        var inside = samples.Where(s => s.TimeUs > fromUs && s.TimeUs <= toUs).Select(s => s.Percent).ToArray();
        return (inside.Length > 0 ? inside.Average() : null, inside.Length);
    }

    /// <summary>Microseconds since the Unix epoch, the clock NVML stamps its samples with.</summary>
    public static ulong EpochMicroseconds(DateTimeOffset time) =>
        (ulong)((time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
}
