using DeepScan.Detection.Onnx;
using Xunit.Abstractions;

namespace DeepScan.Detection.Tests.Onnx;

/// <summary>The face detectors setup installs, opened and run once on a zero image.</summary>
[Collection(OnnxCollection.Name)]
public sealed class RealModelTests(OnnxFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("blazeface/face_detection_back_256x256_barracuda.onnx", "input:0", new long[] { 1, 256, 256, 3 }, 4)]
    [InlineData("yunet/face_detection_yunet_2023mar.onnx", "input", new long[] { 1, 3, 640, 640 }, 12)]
    [InlineData("ultraface/version-RFB-640.onnx", "input", new long[] { 1, 3, 480, 640 }, 2)]
    public void DetectorOpensAndRunsOnAZeroImage(string relativePath, string inputName, long[] inputShape, int outputs)
    {
        using var session = fixture.Runtime.OpenSession(Path.Combine(TestPaths.ModelDir, relativePath));
        foreach (var tensor in session.Inputs.Concat(session.Outputs))
        {
            output.WriteLine($"{tensor.Name} {tensor.ElementType} [{string.Join(", ", tensor.Shape)}]");
        }

        var input = Assert.Single(session.Inputs);
        Assert.Equal((inputName, "float32"), (input.Name, input.ElementType));
        Assert.Equal(inputShape, input.Shape);
        Assert.Equal(outputs, session.Outputs.Count);

        var results = session.Run([new NamedTensor(input.Name, new float[NamedTensor.ElementCount(inputShape)], inputShape)]);

        Assert.Equal(session.Outputs.Select(o => o.Name), results.Select(r => r.Name));
        Assert.All(session.Outputs.Zip(results), pair => Assert.Equal(pair.First.Shape, pair.Second.Shape));
        Assert.All(results, r => Assert.DoesNotContain(r.Data, float.IsNaN));
    }
}
