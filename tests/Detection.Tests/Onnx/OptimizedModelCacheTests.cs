using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Tests.Onnx;

/// <summary>Kept optimized graphs: written on the first open, loaded on the next, with the same outputs, and never
/// served for another model file.</summary>
[Collection(OnnxCollection.Name)]
public sealed class OptimizedModelCacheTests(OnnxFixture fixture)
{
    private const string Model = "resnet18-sbi/resnet18_sbi.onnx";
    private static readonly long[] Shape = [1, 3, 224, 224];

    private string NewCache() => Path.Combine(fixture.TempDir, "cache-" + Guid.NewGuid().ToString("N"));

    private static float[] Logit(OnnxSession session)
    {
        var pixels = Enumerable.Range(0, (int)NamedTensor.ElementCount(Shape)).Select(i => (i % 251) / 251f).ToArray();
        return session.Run([new NamedTensor(session.Inputs[0].Name, pixels, Shape)])[0].Data;
    }

    [Fact]
    public void TheFirstOpenKeepsTheGraphAndTheNextLoadsItWithTheSameOutputs()
    {
        var cache = NewCache();
        var options = new OnnxSessionOptions(IntraOpThreads: 1, OptimizedModelCache: cache);
        var model = Path.Combine(TestPaths.ModelDir, Model);

        float[] first, second, uncached;
        using (var session = fixture.Runtime.OpenSession(model, options))
        {
            first = Logit(session);
        }

        var kept = Assert.Single(Directory.GetFiles(cache));
        Assert.StartsWith("resnet18_sbi.", Path.GetFileName(kept));
        Assert.Contains($".ort{fixture.Runtime.Version}.", Path.GetFileName(kept));
        var written = File.GetLastWriteTimeUtc(kept);
        using (var session = fixture.Runtime.OpenSession(model, options))
        {
            second = Logit(session);
        }

        using (var session = fixture.Runtime.OpenSession(model, options with { OptimizedModelCache = null }))
        {
            uncached = Logit(session);
        }

        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(cache)))); // loaded, not rewritten
        Assert.Equal(uncached, first);
        Assert.Equal(uncached, second);
    }

    [Fact]
    public void AnotherModelFileOfTheSameNameGetsAGraphOfItsOwn()
    {
        var cache = NewCache();
        var options = new OnnxSessionOptions(IntraOpThreads: 1, OptimizedModelCache: cache);
        var copy = Path.Combine(fixture.TempDir, "elsewhere", "affine.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(fixture.Model("affine.onnx"), copy, overwrite: true);
        using (fixture.Runtime.OpenSession(copy, options))
        {
        }

        File.Copy(fixture.Model("two_in_two_out.onnx"), copy, overwrite: true); // same path, other content
        using var session = fixture.Runtime.OpenSession(copy, options);

        Assert.Equal(2, Directory.GetFiles(cache).Length);
        Assert.Equal(["a", "b"], session.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void AFolderThatCannotBeWrittenKeepsNothingAndStillOpens()
    {
        var blocked = Path.Combine(fixture.TempDir, "not-a-folder-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(blocked, "a file where the cache folder would be");

        using var session = fixture.Runtime.OpenSession(
            fixture.Model("affine.onnx"), new OnnxSessionOptions(OptimizedModelCache: Path.Combine(blocked, "onnx")));

        Assert.NotEmpty(session.Outputs);
    }
}
