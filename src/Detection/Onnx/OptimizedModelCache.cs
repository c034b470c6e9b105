using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace DeepScan.Detection.Onnx;

/// <summary>
/// Where the graph ONNX Runtime optimizes for a model on this CPU is kept, so that the next process loads it as it is
/// instead of optimizing again (for ResNet-18 45 ms of CPU per start, 8 ms from the cache; BlazeFace 25 and 4).
/// </summary>
/// <remarks>
/// A kept graph is specific to what made it: at the full optimization level ONNX Runtime lays convolutions out for
/// the CPU's vector width. Its file name therefore holds the model file's sha256 (so a replaced model is never served
/// stale), the ONNX Runtime version and the instruction sets the CPU offers; anything else finds no file and optimizes
/// anew. Files are written under a temporary name and moved into place, so a reader never sees half of one; then the
/// graph an earlier file of the same model name left is deleted.
/// </remarks>
internal static class OptimizedModelCache
{
    /// <summary>How many hex digits of the model file's sha256 a kept graph's name holds.</summary>
    private const int ShaLength = 16;

    /// <summary>The kept graph of <paramref name="modelPath"/> for this runtime version and CPU, in
    /// <paramref name="directory"/> (which may not exist yet).</summary>
    public static string PathFor(string directory, string modelPath, string runtimeVersion)
    {
        using var model = File.OpenRead(modelPath);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(model));
        var name = Path.GetFileNameWithoutExtension(modelPath);
        return Path.Combine(directory, $"{name}.{sha256[..ShaLength]}{Suffix(runtimeVersion)}");
    }

    /// <summary>
    /// The graphs kept beside <paramref name="cachedPath"/> (<see cref="PathFor"/> of <paramref name="modelPath"/>) for
    /// other files of the model's name on the same runtime version and CPU, i.e. a retrained or replaced model: without
    /// pruning each would leave its graph, 11 MB for ResNet-18, behind for good. Graphs of other runtime versions or
    /// instruction sets stay, since a cache folder shared by hosts may still serve them.
    /// </summary>
    public static IReadOnlyList<string> Superseded(string cachedPath, string modelPath, string runtimeVersion)
    {
        var kept = Path.GetFileName(cachedPath);
        var name = Path.GetFileNameWithoutExtension(modelPath);
        var suffix = Suffix(runtimeVersion);
        return Directory.EnumerateFiles(Path.GetDirectoryName(cachedPath)!, $"{name}.*{suffix}")
            .Where(file => Path.GetFileName(file) is var other
                && other != kept
                && other.Length == name.Length + 1 + ShaLength + suffix.Length
                && !other.AsSpan(name.Length + 1, ShaLength).ContainsAnyExcept("0123456789abcdef"))
            .ToList();
    }

    /// <summary>What follows the model's name and sha256 in a kept graph's file name: the runtime and the CPU.</summary>
    private static string Suffix(string runtimeVersion) => $".ort{runtimeVersion}.{CpuFeatures()}.onnx";

    /// <summary>A file name beside <paramref name="cachedPath"/> for writing it before it is moved into place.</summary>
    public static string TemporaryFor(string cachedPath) => $"{cachedPath}.{Guid.NewGuid():N}.tmp";

    /// <summary>The instruction sets ONNX Runtime's CPU kernels choose between, as a short tag.</summary>
    private static string CpuFeatures() =>
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => string.Concat(
                Avx512F.IsSupported ? "avx512" : Avx2.IsSupported ? "avx2" : Avx.IsSupported ? "avx" : "sse",
                Fma.IsSupported ? "-fma" : "",
                Avx512BW.IsSupported ? "-bw" : "",
                AvxVnni.IsSupported ? "-vnni" : ""),
            var other => other.ToString().ToLowerInvariant(),
        };
}
