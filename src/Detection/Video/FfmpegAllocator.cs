using System.Collections.ObjectModel;

namespace DeepScan.Detection.Video;

/// <summary>
/// The glibc allocator settings the engine runs ffmpeg and ffprobe with: memory they free is kept for their next
/// frame, and large blocks are backed by huge pages (where the kernel offers them on request, <c>madvise</c>).
/// </summary>
/// <remarks>
/// <para>By default glibc gives each block over its mmap threshold (a converted 1080p frame is 6 MB) a mapping of its
/// own and returns it on free, so every frame's pages fault in one 4 KB page at a time. A fault is cheap on bare metal
/// and costs about 11 µs on the virtual build machines, where ffmpeg's decode of the 32 frames of a 10 s 1080p clip
/// (reference frames only, converted to RGB) took 20,500 faults and 1.12 s of CPU; with these settings 7,400 faults
/// and 0.97 s, its peak memory 102 → 106 MB; ffprobe 5,800 → 4,500 faults, 176 → 138 ms.</para>
/// <para>Only the engine's own runs get them: <c>bench</c>'s ffmpeg decode-only reference is ffmpeg as a user runs
/// it. A <c>GLIBC_TUNABLES</c> the process was started with is passed on unchanged instead; glibc before 2.35 ignores
/// the huge-page setting and other C libraries the variable.</para>
/// </remarks>
internal static class FfmpegAllocator
{
    /// <summary>The settings: huge pages for malloc's mappings, no separate mapping below 64 MB, no returning the top
    /// of the heap to the system below 256 MB free.</summary>
    public const string Tunables =
        "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=268435456";

    /// <summary>What to add to ffmpeg's and ffprobe's environment in this process.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } =
        For(System.Environment.GetEnvironmentVariable("GLIBC_TUNABLES"));

    /// <summary>What to add to ffmpeg's and ffprobe's environment when this process has <paramref name="existing"/>
    /// as its <c>GLIBC_TUNABLES</c>: nothing when it has one (the child inherits it).</summary>
    public static IReadOnlyDictionary<string, string> For(string? existing) => string.IsNullOrEmpty(existing)
        ? new Dictionary<string, string> { ["GLIBC_TUNABLES"] = Tunables }
        : ReadOnlyDictionary<string, string>.Empty;
}
