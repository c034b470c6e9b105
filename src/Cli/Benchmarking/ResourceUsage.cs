using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DeepScan.Cli.Benchmarking;

/// <summary>CPU time of this process and of the child processes it has waited for (ffmpeg, ffprobe), and this
/// process's peak working set.</summary>
/// <remarks>
/// Children's CPU comes from <c>getrusage(RUSAGE_CHILDREN)</c> (Linux and macOS; zero elsewhere). Its
/// <c>ru_maxrss</c> is not used: a forked child starts out with the parent's resident set, so the figure is this
/// process's size rather than ffmpeg's (see <see cref="ChildMemorySampler"/>).
/// </remarks>
internal readonly record struct ResourceUsage(TimeSpan SelfCpu, TimeSpan ChildrenCpu, long SelfPeakBytes)
{
    private const int RusageChildren = -1;

    /// <summary>CPU time of this process and its children together.</summary>
    public TimeSpan TotalCpu => SelfCpu + ChildrenCpu;

    public static ResourceUsage Now()
    {
        using var self = Process.GetCurrentProcess();
        return new ResourceUsage(self.TotalProcessorTime, ReapedChildrenCpu(), self.PeakWorkingSet64);
    }

    private static TimeSpan ReapedChildrenCpu()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || getrusage(RusageChildren, out var usage) != 0)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(usage.UserSeconds + usage.SystemSeconds)
            + TimeSpan.FromMicroseconds(usage.UserMicroseconds + usage.SystemMicroseconds);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Rusage usage);

    /// <summary><c>struct rusage</c> as 64-bit Linux and macOS lay it out: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        private readonly long _maxrss, _ixrss, _idrss, _isrss, _minflt, _majflt, _nswap, _inblock, _oublock;
        private readonly long _msgsnd, _msgrcv, _nsignals, _nvcsw, _nivcsw;
    }
}
