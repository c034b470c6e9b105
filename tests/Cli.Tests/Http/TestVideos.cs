using System.Security.Cryptography;
using DeepScan.Workflow.Tests.Storage;

namespace DeepScan.Cli.Tests.Http;

/// <summary>Fixture videos from ../shared, read where they are (never copied into the repository).</summary>
internal static class TestVideos
{
    /// <summary>A real Celeb-DF clip: 1 s, 298x298, 24 frames, one face.</summary>
    public static string RealClip { get; } = Path.GetFullPath(Path.Combine(
        AzuriteProcess.RepoRoot(), "..", "shared", "data", "videos", "real", "celebdf-id6_0005.mp4"));

    public static byte[] RealClipBytes() => File.ReadAllBytes(RealClip);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> in one rename, as a finished upload.
    /// </summary>
    public static void Drop(string path, byte[] content)
    {
        var folder = Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName;
        var temp = Path.Combine(folder, $".{Guid.NewGuid():N}.tmp"); // hidden: not an upload name
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
