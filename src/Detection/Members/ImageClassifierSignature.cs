using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Members;

/// <summary>The input and output of an image classifier's model, checked against its manifest entry.</summary>
/// <param name="FixedBatch">The batch size the model was exported with; null when its batch is dynamic.</param>
internal sealed record ImageClassifierSignature(string InputName, string OutputName, int? FixedBatch)
{
    /// <exception cref="ModelSetupException">The model does not take one float32 image tensor of the entry's size and
    /// layout, or has no float32 output.</exception>
    public static ImageClassifierSignature Check(string member, OnnxSession session, ImageClassifierSettings settings)
    {
        var file = Path.GetFileName(session.ModelPath);
        if (session.Inputs.Count != 1)
        {
            throw Mismatch(member, file, $"has {session.Inputs.Count} inputs; an image classifier takes one");
        }

        var input = session.Inputs[0];
        var expected = settings.InputShape(1);
        var fits = input.ElementType == "float32"
            && input.Shape.Length == 4
            && input.Shape.Skip(1).Zip(expected.Skip(1)).All(d => d.First < 0 || d.First == d.Second);
        if (!fits)
        {
            var layout = settings.Layout.ToString().ToUpperInvariant();
            throw Mismatch(member, file,
                $"takes {input.ElementType}[{string.Join(", ", input.Shape)}], but the manifest entry describes "
                + $"float32 {layout} [N, {string.Join(", ", expected.Skip(1))}] (check inputSize and layout)");
        }

        var output = session.Outputs.Count > 0 ? session.Outputs[0] : null;
        if (output is null || output.ElementType != "float32")
        {
            throw Mismatch(member, file, "has no float32 output to read scores from");
        }

        int? fixedBatch = input.Shape[0] > 0 ? checked((int)input.Shape[0]) : null;
        return new ImageClassifierSignature(input.Name, output.Name, fixedBatch);
    }

    private static ModelSetupException Mismatch(string member, string file, string problem) =>
        new($"Member '{member}': model '{file}' {problem}.");
}
