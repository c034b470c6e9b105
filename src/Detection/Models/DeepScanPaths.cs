namespace DeepScan.Detection.Models;

/// <summary>
/// Where the engine finds what setup installed: the model directory and the manifest.
/// </summary>
/// <remarks>
/// Setup writes everything under <c>&lt;repo&gt;/.deepscan</c>. Each location can be overridden by an
/// environment variable so a deployment (the container image, CI) can point elsewhere.
/// </remarks>
public sealed record DeepScanPaths(string ModelDirectory, string ManifestPath)
{
    public const string HomeVariable = "DEEPSCAN_HOME";
    public const string ModelDirVariable = "DEEPSCAN_MODEL_DIR";
    public const string ManifestVariable = "DEEPSCAN_MANIFEST";

    /// <summary>Resolves the paths from the environment, else from the nearest folder holding <c>.deepscan</c>.</summary>
    public static DeepScanPaths Discover()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } h
            ? Path.GetFullPath(h)
            : FindRepoRoot(AppContext.BaseDirectory) ?? FindRepoRoot(Environment.CurrentDirectory)
              ?? Environment.CurrentDirectory;
        var state = Path.Combine(home, ".deepscan");

        var models = Environment.GetEnvironmentVariable(ModelDirVariable) is { Length: > 0 } m
            ? m
            : Path.Combine(state, "models");
        var manifest = Environment.GetEnvironmentVariable(ManifestVariable) is { Length: > 0 } f
            ? f
            : FirstExisting(
                Path.Combine(home, "models", "manifest.json"),
                Path.Combine(AppContext.BaseDirectory, "models", "manifest.json"));
        return new DeepScanPaths(models, manifest) { CacheDirectory = Path.Combine(state, "cache") };
    }

    /// <summary>Where what the engine derives from the models is kept between processes (ONNX Runtime's optimized
    /// graphs); null keeps nothing.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The folder of kept optimized ONNX graphs, inside <see cref="CacheDirectory"/>; null when there is none.
    /// </summary>
    public string? OptimizedModelCache => CacheDirectory is null ? null : Path.Combine(CacheDirectory, "onnx");

    /// <summary>The absolute path of a manifest file entry, inside <see cref="ModelDirectory"/>.</summary>
    public string ModelFile(string relative) => Path.Combine(ModelDirectory, relative);

    private static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            // The build output also holds models/manifest.json, so only the repository's own markers count.
            if (Directory.Exists(Path.Combine(dir.FullName, ".deepscan"))
                || File.Exists(Path.Combine(dir.FullName, "setup.sh")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string FirstExisting(params string[] candidates) =>
        candidates.FirstOrDefault(File.Exists) ?? candidates[0];
}
