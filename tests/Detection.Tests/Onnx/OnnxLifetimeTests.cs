using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Tests.Onnx;

[Collection(OnnxCollection.Name)]
public sealed class OnnxLifetimeTests(OnnxFixture fixture)
{
    [Fact]
    public void SessionKeepsWorkingAfterItsRuntimeIsDisposed()
    {
        var runtime = OnnxRuntime.Load();
        var session = runtime.OpenSession(fixture.Model("affine.onnx"));

        runtime.Dispose();
        var y = session.Run([new NamedTensor("x", [0, 1, 2, 3, 4, 5], [2, 3])])[0];
        session.Dispose();

        Assert.Equal([1f, 3, 5, 7, 9, 11], y.Data);
    }

    [Fact]
    public void DisposedObjectsRefuseWorkAndTolerateSecondDispose()
    {
        var runtime = OnnxRuntime.Load();
        var session = runtime.OpenSession(fixture.Model("affine.onnx"));

        session.Dispose();
        session.Dispose();
        runtime.Dispose();
        runtime.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run([new NamedTensor("x", new float[6], [2, 3])]));
        Assert.Throws<ObjectDisposedException>(() => runtime.OpenSession(fixture.Model("affine.onnx")));
    }

    [Fact]
    public void SeparateSessionsRunInParallel()
    {
        const int sessionCount = 4;
        const int runsPerSession = 40;
        var sessions = Enumerable.Range(0, sessionCount)
            .Select(_ => fixture.Runtime.OpenSession(fixture.Model("matmul_batch.onnx"), new(IntraOpThreads: 1)))
            .ToArray();
        try
        {
            var failures = 0;
            Parallel.For(0, sessionCount * runsPerSession, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                var batch = 1 + (i % 5);
                var x = Enumerable.Repeat((float)i, batch * 4).ToArray();
                var y = sessions[i % sessionCount].Run([new NamedTensor("x", x, [batch, 4])])[0];
                // Each row is [i, i, i, i] @ W = [4i, i].
                if (y.Data.Length != batch * 2 || y.Data[0] != 4f * i || y.Data[^1] != i)
                {
                    Interlocked.Increment(ref failures);
                }
            });

            Assert.Equal(0, failures);
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    [Fact]
    public void OneSessionServesConcurrentRuns()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("two_in_two_out.onnx"));

        var sums = new float[64];
        Parallel.For(0, sums.Length, i =>
        {
            var outputs = session.Run([new NamedTensor("a", [i, 0, 0], [3]), new NamedTensor("b", [i, 1, 2], [3])]);
            sums[i] = outputs[0].Data[0];
        });

        Assert.Equal(Enumerable.Range(0, sums.Length).Select(i => 2f * i), sums);
    }
}

/// <summary>What replaced the hand-written binding: the NuGet package's runtime, shared by the process.</summary>
[Collection(OnnxCollection.Name)]
public sealed class OnnxRuntimePackageTests(OnnxFixture fixture)
{
    [Fact]
    public void TheRuntimeIsTheNuGetPackagesVersion()
    {
        var packages = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Directory.Packages.props"));
        var version = System.Text.RegularExpressions.Regex.Match(
            packages, @"""Microsoft\.ML\.OnnxRuntime"" Version=""(?<v>[\d.]+)""").Groups["v"].Value;

        Assert.Equal(version, fixture.Runtime.Version);
    }

    [Fact]
    public void SharedRuntimeIsOneInstanceThatIgnoresDispose()
    {
        var first = OnnxRuntime.Shared();
        first.Dispose();
        var second = OnnxRuntime.Shared();

        using var session = second.OpenSession(fixture.Model("affine.onnx"));
        Assert.Same(first, second);
        Assert.Equal([1f, 3, 5, 7, 9, 11], session.Run([new NamedTensor("x", [0, 1, 2, 3, 4, 5], [2, 3])])[0].Data);
    }
}
