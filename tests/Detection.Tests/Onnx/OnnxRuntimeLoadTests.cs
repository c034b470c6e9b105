using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Tests.Onnx;

[Collection(OnnxCollection.Name)]
public sealed class OnnxRuntimeLoadTests(OnnxFixture fixture)
{
    [Fact]
    public void InstalledLibraryIsVersion130()
    {
        Assert.StartsWith("1.30", fixture.Runtime.Version);
        Assert.Equal(Path.GetFullPath(TestPaths.OrtLibrary), fixture.Runtime.LibraryPath);
    }

    [Fact]
    public void MissingLibraryNamesThePathAndTheFix()
    {
        var path = Path.Combine(fixture.TempDir, "no-such-dir", "libonnxruntime.so.1");

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntime.Load(libraryPath: path));

        Assert.Contains(path, error.Message);
        Assert.Contains("./setup.sh", error.Message);
        Assert.Equal(3, error.ErrorCode);
    }

    [Fact]
    public void FileThatIsNotALibraryIsAClearError()
    {
        var path = Path.Combine(fixture.TempDir, "libnot-onnxruntime.so");
        File.WriteAllText(path, "not a shared library");

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntime.Load(libraryPath: path));

        Assert.Contains(path, error.Message);
        Assert.Contains("Could not load", error.Message);
    }

    [Fact]
    public void LoadingTwiceGivesIndependentRuntimesOnOneLibrary()
    {
        using var second = OnnxRuntime.Load(libraryPath: TestPaths.OrtLibrary);
        using var session = second.OpenSession(fixture.Model("affine.onnx"));

        Assert.Equal(fixture.Runtime.Version, second.Version);
        Assert.Equal([3f, 5f, 7f, 1f, -1f, 2f], session.Run([new("x", [1, 2, 3, 0, -1, 0.5f], [2, 3])])[0].Data);
    }

    [Fact]
    public void SharedRuntimeIsOneInstanceThatIgnoresDispose()
    {
        var first = OnnxRuntime.Shared();
        first.Dispose();
        var second = OnnxRuntime.Shared();

        using var session = second.OpenSession(fixture.Model("affine.onnx"));
        Assert.Same(first, second);
        Assert.Equal(Path.GetFullPath(DeepScanPaths.Discover().NativeLibrary), second.LibraryPath);
    }
}

/// <summary>Tests that change process-wide environment variables, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentVariableCollection
{
    public const string Name = "environment variables";
}

[Collection(EnvironmentVariableCollection.Name)]
public sealed class OnnxLibraryPathOverrideTests
{
    [Fact]
    public void EnvironmentVariableOverridesTheLibraryPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "deepscan-missing-" + Guid.NewGuid().ToString("N"), "libort.so");
        var saved = Environment.GetEnvironmentVariable(DeepScanPaths.OrtLibraryVariable);
        Environment.SetEnvironmentVariable(DeepScanPaths.OrtLibraryVariable, path);
        try
        {
            var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntime.Load());

            Assert.Contains(path, error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DeepScanPaths.OrtLibraryVariable, saved);
        }
    }
}
