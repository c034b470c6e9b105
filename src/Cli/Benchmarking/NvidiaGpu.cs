using System.Globalization;
using System.Runtime.InteropServices;

namespace DeepScan.Cli.Benchmarking;

/// <summary>
/// The NVIDIA driver's utilization samples for the GPU the models run on, read through NVML (<c>libnvidia-ml.so.1</c>,
/// which every NVIDIA driver installs): what <c>bench --device cuda</c> reports as how busy the GPU was.
/// </summary>
/// <remarks>
/// The samples are the driver's own (the percent of each sample period, a sixth of a second to a second by model, in
/// which a kernel ran or NVDEC decoded), read after each scan for its time span, so nothing polls while the scan runs.
/// They are device-wide: another process on the same GPU counts too. The GPU is the one CUDA device 0 is: the first
/// entry of <c>CUDA_VISIBLE_DEVICES</c> (an index or a <c>GPU-</c> UUID), else NVML's device 0.
/// </remarks>
internal sealed class NvidiaGpu : IDisposable
{
    private const string Library = "libnvidia-ml.so.1";
    private const int Success = 0;
    private const int GpuUtilizationSamples = 1, DecoderUtilizationSamples = 4;

    private readonly IntPtr _device;
    private bool _disposed;

    private NvidiaGpu(IntPtr device, string name)
    {
        _device = device;
        Name = name;
    }

    /// <summary>The GPU's product name, as the driver gives it.</summary>
    public string Name { get; }

    /// <summary>NVML opened on CUDA device 0's GPU, or null with the reason (no NVIDIA driver, no such device).</summary>
    public static NvidiaGpu? TryOpen(out string whyNot)
    {
        if (!NativeLibrary.TryLoad(Library, typeof(NvidiaGpu).Assembly, null, out var handle))
        {
            whyNot = $"{Library} could not be loaded (no NVIDIA driver here)";
            return null;
        }

        NativeLibrary.Free(handle);
        try
        {
            var status = nvmlInit_v2();
            if (status != Success)
            {
                whyNot = $"NVML did not start: {ErrorText(status)}";
                return null;
            }

            var (deviceStatus, device, which) = OpenCudaDevice0();
            if (deviceStatus != Success)
            {
                _ = nvmlShutdown();
                whyNot = $"NVML has no {which}: {ErrorText(deviceStatus)}";
                return null;
            }

            var name = new byte[96];
            var nameStatus = nvmlDeviceGetName(device, name, (uint)name.Length);
            whyNot = "";
            return new NvidiaGpu(device, nameStatus == Success ? CString(name) : which);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            whyNot = $"{Library} lacks what NVML needs here: {ex.Message}";
            return null;
        }
    }

    /// <summary>How busy the GPU was from <paramref name="from"/> to <paramref name="to"/> (a scan just finished).
    /// </summary>
    public GpuBusy Busy(DateTimeOffset from, DateTimeOffset to)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (fromUs, toUs) = (GpuBusy.EpochMicroseconds(from), GpuBusy.EpochMicroseconds(to));
        var kernels = GpuBusy.MeanWithin(Samples(GpuUtilizationSamples, fromUs), fromUs, toUs);
        var decoder = GpuBusy.MeanWithin(Samples(DecoderUtilizationSamples, fromUs), fromUs, toUs);
        return new GpuBusy(kernels.Mean, kernels.Count, decoder.Mean, decoder.Count);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = nvmlShutdown();
        }
    }

    /// <summary>The driver's samples of one kind stamped after <paramref name="sinceUs"/>; none where this GPU does
    /// not record that kind.</summary>
    private GpuSample[] Samples(int type, ulong sinceUs)
    {
        // First ask how many the driver may return, then fetch them; NOT_FOUND (6) means none since that time.
        uint count = 0;
        var status = nvmlDeviceGetSamples(_device, type, sinceUs, out _, ref count, null);
        if (status != Success || count == 0)
        {
            return [];
        }

        var raw = new NvmlSample[count];
        status = nvmlDeviceGetSamples(_device, type, sinceUs, out var valueType, ref count, raw);
        return status == Success
            ? raw.Take((int)count).Select(s => new GpuSample(s.TimeStamp, s.Percent(valueType))).ToArray()
            : [];
    }

    private static (int Status, IntPtr Device, string Which) OpenCudaDevice0()
    {
        var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?.Split(',')[0].Trim();
        if (!string.IsNullOrEmpty(visible) && !uint.TryParse(visible, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return (nvmlDeviceGetHandleByUUID(visible, out var byUuid), byUuid, $"GPU {visible}");
        }

        var index = string.IsNullOrEmpty(visible) ? 0 : uint.Parse(visible, CultureInfo.InvariantCulture);
        return (nvmlDeviceGetHandleByIndex_v2(index, out var byIndex), byIndex, $"GPU {index}");
    }

    private static string ErrorText(int status) =>
        Marshal.PtrToStringAnsi(nvmlErrorString(status)) is { Length: > 0 } text ? $"{text} ({status})" : $"NVML error {status}";

    private static string CString(byte[] bytes)
    {
        var end = Array.IndexOf(bytes, (byte)0);
        return System.Text.Encoding.ASCII.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }

    /// <summary><c>nvmlSample_t</c>: a timestamp, then an 8-byte union whose member <c>nvmlValueType_t</c> names.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlSample
    {
        public ulong TimeStamp;
        public ulong Value;

        /// <summary>The value as a number: double (0), unsigned int (1), unsigned long and long long (2, 3), signed
        /// long long (4), signed int (5), unsigned short (6), read from the union's low bytes (little-endian).</summary>
        public readonly double Percent(int valueType) => valueType switch
        {
            0 => BitConverter.Int64BitsToDouble((long)Value),
            1 => (uint)Value,
            4 => (long)Value,
            5 => (int)(uint)Value,
            6 => (ushort)Value,
            _ => Value,
        };
    }

    [DllImport(Library)]
    private static extern int nvmlInit_v2();

    [DllImport(Library)]
    private static extern int nvmlShutdown();

    [DllImport(Library)]
    private static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);

    [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int nvmlDeviceGetHandleByUUID(string uuid, out IntPtr device);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetName(IntPtr device, [Out] byte[] name, uint length);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetSamples(
        IntPtr device, int type, ulong lastSeenTimeStamp, out int valueType, ref uint count, [Out] NvmlSample[]? samples);

    [DllImport(Library)]
    private static extern IntPtr nvmlErrorString(int result);
}
