using System.Diagnostics;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Tests.Onnx;

/// <summary>The installed ONNX Runtime plus tiny models written at test time by <c>make_tiny_models.py</c>.</summary>
public sealed class OnnxFixture : IDisposable
{
    private readonly string modelDir =
        Path.Combine(Path.GetTempPath(), "deepscan-onnx-tests-" + Guid.NewGuid().ToString("N"));

    public OnnxFixture()
    {
        WriteTinyModels(modelDir);
        Runtime = OnnxRuntime.Load();
    }

    public OnnxRuntime Runtime { get; }

    public string TempDir => modelDir;

    /// <summary>The path of a model <c>make_tiny_models.py</c> wrote, e.g. <c>affine.onnx</c>.</summary>
    public string Model(string fileName) => Path.Combine(modelDir, fileName);

    public void Dispose()
    {
        Runtime.Dispose();
        Directory.Delete(modelDir, recursive: true);
    }

    private static void WriteTinyModels(string outputDir)
    {
        var script = Path.Combine(TestPaths.RepoRoot, "tests", "Detection.Tests", "Onnx", "make_tiny_models.py");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(outputDir);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new InvalidOperationException("make_tiny_models.py did not finish within two minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"make_tiny_models.py failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OnnxCollection : ICollectionFixture<OnnxFixture>
{
    public const string Name = "onnx";
}
