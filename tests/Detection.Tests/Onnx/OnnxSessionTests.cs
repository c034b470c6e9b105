using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Tests.Onnx;

[Collection(OnnxCollection.Name)]
public sealed class OnnxSessionTests(OnnxFixture fixture)
{
    [Fact]
    public void FixedShapeMetadataIsRead()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("affine.onnx"));

        var input = Assert.Single(session.Inputs);
        var output = Assert.Single(session.Outputs);
        Assert.Equal(("x", "float32"), (input.Name, input.ElementType));
        Assert.Equal(("y", "float32"), (output.Name, output.ElementType));
        Assert.Equal([2L, 3], input.Shape);
        Assert.Equal([2L, 3], output.Shape);
        Assert.True(input.IsFixedShape);
        Assert.Equal(Path.GetFullPath(fixture.Model("affine.onnx")), session.ModelPath);
    }

    [Fact]
    public void DynamicDimensionsAreMinusOne()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("matmul_batch.onnx"));

        Assert.Equal([-1L, 4], session.Inputs[0].Shape);
        Assert.Equal([-1L, 2], session.Outputs[0].Shape);
        Assert.False(session.Inputs[0].IsFixedShape);
    }

    [Fact]
    public void AffineModelComputesTwoXPlusOne()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("affine.onnx"));
        float[] x = [1, 2, 3, -4, 0, 0.25f];

        var y = Assert.Single(session.Run([new NamedTensor("x", x, [2, 3])]));

        Assert.Equal("y", y.Name);
        Assert.Equal([2L, 3], y.Shape);
        Assert.Equal(x.Select(v => v * 2 + 1), y.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public void DynamicBatchRunsAtAnySize(int batch)
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("matmul_batch.onnx"));
        var x = Enumerable.Range(0, batch * 4).Select(i => (float)(i % 7) - 3).ToArray();

        var y = session.Run([new NamedTensor("x", x, [batch, 4])])[0];

        Assert.Equal([batch, 2L], y.Shape);
        for (var row = 0; row < batch; row++)
        {
            var r = x.AsSpan(row * 4, 4);
            // W = [[1,0],[0,1],[1,1],[2,-1]]
            Assert.Equal(r[0] + r[2] + (2 * r[3]), y.Data[row * 2]);
            Assert.Equal(r[1] + r[2] - r[3], y.Data[(row * 2) + 1]);
        }
    }

    [Fact]
    public void TwoInputsGiveAllOutputsInModelOrder()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("two_in_two_out.onnx"));

        var outputs = session.Run([new NamedTensor("b", [4, 5, 6], [3]), new NamedTensor("a", [1, 2, 3], [3])]);

        Assert.Equal(["a", "b"], session.Inputs.Select(i => i.Name));
        Assert.Equal(["sum", "product"], outputs.Select(o => o.Name));
        Assert.Equal([5f, 7, 9], outputs[0].Data);
        Assert.Equal([4f, 10, 18], outputs[1].Data);
    }

    [Fact]
    public void RequestedOutputsComeInTheRequestedOrder()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("two_in_two_out.onnx"));
        NamedTensor[] inputs = [new("a", [1, 2, 3], [3]), new("b", [4, 5, 6], [3])];

        var productOnly = session.Run(inputs, ["product"]);
        var reversed = session.Run(inputs, ["product", "sum"]);

        Assert.Equal("product", Assert.Single(productOnly).Name);
        Assert.Equal(["product", "sum"], reversed.Select(o => o.Name));
        Assert.Equal([5f, 7, 9], reversed[1].Data);
    }

    [Fact]
    public void SigmoidMatchesTheFormula()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("sigmoid.onnx"));
        float[] x = [-10, -1, 0, 1, 10, -0.5f, 0.5f, 3, -3, 7];

        var y = session.Run([new NamedTensor("x", x, [2, 5])])[0];

        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-x[i])), y.Data[i], precision: 6);
        }
    }

    [Fact]
    public void WrongInputNameCarriesOnnxRuntimesMessage()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("affine.onnx"));

        var error = Assert.Throws<OnnxRuntimeException>(
            () => session.Run([new NamedTensor("not_x", new float[6], [2, 3])]));

        Assert.Contains("not_x", error.Message);
        Assert.Contains("InvalidArgument", error.Message);
        Assert.Contains("affine.onnx", error.Message);
    }

    [Fact]
    public void WrongInputShapeCarriesOnnxRuntimesMessage()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("affine.onnx"));

        var error = Assert.Throws<OnnxRuntimeException>(
            () => session.Run([new NamedTensor("x", new float[8], [2, 4])]));

        Assert.Contains("invalid dimensions for input: x", error.Message);
    }

    [Fact]
    public void UnknownOutputNameCarriesOnnxRuntimesMessage()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("affine.onnx"));

        var error = Assert.Throws<OnnxRuntimeException>(
            () => session.Run([new NamedTensor("x", new float[6], [2, 3])], ["z"]));

        Assert.Contains("z", error.Message);
    }

    [Fact]
    public void MissingModelFileIsNamed()
    {
        var path = fixture.Model("no_such_model.onnx");

        var error = Assert.Throws<OnnxRuntimeException>(() => fixture.Runtime.OpenSession(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("./setup.sh", error.Message);
    }

    [Fact]
    public void FileThatIsNotAModelIsNamedWithOnnxRuntimesReason()
    {
        var path = Path.Combine(fixture.TempDir, "garbage.onnx");
        File.WriteAllBytes(path, [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]);

        var error = Assert.Throws<OnnxRuntimeException>(() => fixture.Runtime.OpenSession(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("Could not open ONNX model", error.Message);
    }

    [Fact]
    public void NonFloatOutputIsAClearError()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("shape_of.onnx"));

        var error = Assert.Throws<OnnxRuntimeException>(
            () => session.Run([new NamedTensor("x", new float[6], [2, 3])]));

        Assert.Equal("int64", session.Outputs[0].ElementType);
        Assert.Contains("'shape' is int64", error.Message);
    }

    [Fact]
    public void DataThatDoesNotFillTheShapeIsRejectedBeforeOnnxRuntimeSeesIt()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("affine.onnx"));
        var valid = new NamedTensor("x", new float[6], [2, 3]);

        var atConstruction = Assert.Throws<ArgumentException>(() => new NamedTensor("x", new float[5], [2, 3]));
        var atRun = Assert.Throws<ArgumentException>(() => session.Run([valid with { Shape = [2, 4] }]));

        Assert.Contains("5 values", atConstruction.Message);
        Assert.Contains("needs 8", atRun.Message);
        Assert.Throws<ArgumentException>(() => new NamedTensor("x", [], [-1, 3]));
    }
}
