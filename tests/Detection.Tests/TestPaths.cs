namespace DeepScan.Detection.Tests;

/// <summary>Fixture locations: the repository, what setup installed, and ../shared (read by path, never copied).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Manifest => Path.Combine(RepoRoot, "models", "manifest.json");

    public static string ModelDir => Environment.GetEnvironmentVariable("DEEPSCAN_MODEL_DIR") is { Length: > 0 } d
        ? d
        : Path.Combine(RepoRoot, ".deepscan", "models");

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Video(string relative) => Path.Combine(Shared, "data", "videos", relative);

    public static string Face(string relative) => Path.Combine(Shared, "data", "faces", relative);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository (Serverless.sln not found).");
    }
}
