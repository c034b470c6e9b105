using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Tests.Onnx;

/// <summary>Kept optimized graphs: written on the first open, loaded on the next, with the same outputs, never
/// served for another model file, and replaced when the model file is.</summary>
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
    public void AnotherModelFileOfTheSameNameGetsAGraphOfItsOwnAndTheEarlierFilesGraphGoes()
    {
        var cache = NewCache();
        var options = new OnnxSessionOptions(IntraOpThreads: 1, OptimizedModelCache: cache);
        var folder = Path.Combine(fixture.TempDir, "elsewhere-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, "affine.onnx");
        var longerName = Path.Combine(folder, "affine.v2.onnx");
        File.Copy(fixture.Model("affine.onnx"), copy);
        File.Copy(fixture.Model("affine.onnx"), longerName);
        using (fixture.Runtime.OpenSession(longerName, options))
        using (fixture.Runtime.OpenSession(copy, options))
        {
        }

        var first = Directory.GetFiles(cache).Single(f => !Path.GetFileName(f).StartsWith("affine.v2."));
        // Kept by another runtime version: a cache folder shared by hosts may still serve it.
        var otherRuntime = Path.Combine(cache, "affine.0123456789abcdef.ort0.1.0.sse.onnx");
        File.WriteAllText(otherRuntime, "a graph of another runtime");

        File.Copy(fixture.Model("two_in_two_out.onnx"), copy, overwrite: true); // same path, other content
        using var session = fixture.Runtime.OpenSession(copy, options);

        Assert.Equal(["a", "b"], session.Inputs.Select(i => i.Name));
        var kept = Directory.GetFiles(cache).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(3, kept.Count);
        Assert.DoesNotContain(Path.GetFileName(first), kept);
        Assert.Contains(Path.GetFileName(otherRuntime), kept);
        Assert.Single(kept, f => f!.StartsWith("affine.v2."));
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
