using System.Text.Json;
using System.Text.Json.Serialization;
using DeepScan.Detection.Members;

namespace DeepScan.Detection.Models;

/// <summary>The model manifest: every file the engine needs, the face detectors and the ensemble members.</summary>
/// <remarks>Adding a classifier is adding a <see cref="MemberEntry"/>: data, not code.</remarks>
public sealed record ModelManifest(
    int SchemaVersion,
    FileEntry[] Files,
    DetectorEntry[] Detectors,
    string DefaultDetector,
    MemberEntry[] Members)
{
    /// <summary>Reads and validates a manifest file.</summary>
    /// <exception cref="ModelSetupException">The file is missing or malformed.</exception>
    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelSetupException($"Model manifest not found at '{path}'. Run ./setup.sh, or point DEEPSCAN_MANIFEST at a manifest.");
        }

        ModelManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException ex)
        {
            throw new ModelSetupException($"Model manifest '{path}' is not valid JSON: {ex.Message}");
        }

        if (manifest is null)
        {
            throw new ModelSetupException($"Model manifest '{path}' is empty.");
        }

        foreach (var member in manifest.Members.Where(m => m.Calibration is not null))
        {
            _ = PlattCalibration.FromEntry(member); // a bad calibration stops the load, not the first scan
        }

        foreach (var member in manifest.Members.Where(m => m.CpuFile is not null))
        {
            if (member.Kind != OnnxImageClassifier.MemberKind || member.CpuFile == member.File)
            {
                throw new ModelSetupException(
                    $"Member '{member.Name}' in '{path}': cpuFile names an int8 copy of an onnx-image member's file, "
                    + $"so it needs kind 'onnx-image' and a file other than '{member.File}'.");
            }
        }

        return manifest;
    }

    public DetectorEntry Detector(string? name)
    {
        var wanted = name ?? DefaultDetector;
        return Detectors.FirstOrDefault(d => string.Equals(d.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownModelException(
                $"Unknown face detector '{wanted}'. Known: {string.Join(", ", Detectors.Select(d => d.Name))}.");
    }
}

/// <summary>A file setup fetches: from this repository (a model the project trained), <c>DEEPSCAN_MODEL_SOURCE</c>, an
/// upstream URL or an npm tarball; always sha256-checked.</summary>
/// <param name="Path">Where the file lives, relative to the model directory.</param>
/// <param name="Repo">Where a model this project trained is committed, relative to the repository root.</param>
public sealed record FileEntry(
    string Name,
    string Path,
    string Sha256,
    string? Url = null,
    string? Npm = null,
    string? NpmPath = null,
    string? License = null,
    string? Repo = null);

/// <summary>A face detector model and its decoding settings.</summary>
/// <param name="Kind">Which decoder reads its outputs: <c>blazeface</c>, <c>yunet</c> or <c>ultraface</c>.</param>
public sealed record DetectorEntry(
    string Name,
    string Kind,
    string File,
    int InputWidth,
    int InputHeight,
    float ScoreThreshold,
    float NmsThreshold);

/// <summary>An ensemble member: an ONNX image classifier or the spectrum model.</summary>
/// <param name="Kind"><c>onnx-image</c> or <c>spectrum</c>.</param>
/// <param name="Mean">Per-channel mean subtracted after scaling pixels to [0, 1] (RGB order).</param>
/// <param name="Std">Per-channel divisor applied after the mean.</param>
/// <param name="OutputIndex">Which element of the model's output row is read.</param>
/// <param name="OutputMeans"><c>fake</c> when that output is P(fake), <c>real</c> when it is P(real).</param>
/// <param name="OutputIsLogit">True when the output is a logit that needs a sigmoid.</param>
/// <param name="Weight">Ensemble weight: the member's validation accuracy.</param>
/// <param name="DerivedFrom">Names of <see cref="FileEntry"/> items a setup tool converts into <paramref name="File"/>.</param>
/// <param name="Optional">True for a member the engine may run without: when its model file is absent (the spectrum
/// model is trained from research data a user may not have) it is left out with a warning, not an error.</param>
/// <param name="CropMargin">The margin around the detector's box, per side as a fraction of its longer side, for this
/// member's face crops; null for the engine's default. Matches the framing of the member's training faces.</param>
/// <param name="Calibration">How the member's fake probability is recalibrated before the ensemble combines it
/// (<see cref="PlattCalibration"/>); null leaves it as the model gives it.</param>
/// <param name="CpuFile">An int8 copy of <paramref name="File"/> (tools/train/quantize.py) that runs in its place on
/// the CPU, where integer convolutions are several times cheaper; CUDA runs <paramref name="File"/>. Null: the CPU runs
/// <paramref name="File"/> too.</param>
public sealed record MemberEntry(
    string Name,
    string Kind,
    string File,
    double Weight,
    bool Enabled = true,
    int InputSize = 256,
    float[]? Mean = null,
    float[]? Std = null,
    int OutputIndex = 0,
    string OutputMeans = "fake",
    bool OutputIsLogit = false,
    string? Layout = null,
    string[]? DerivedFrom = null,
    float? CropMargin = null,
    bool Optional = false,
    CalibrationEntry? Calibration = null,
    string? CpuFile = null);

/// <summary>A member's calibration as the manifest writes it: <c>{ "method": "platt", "a": A, "b": B }</c>.</summary>
/// <param name="A">Null when the manifest leaves it out, so a missing value is an error rather than a zero.</param>
public sealed record CalibrationEntry(string? Method, double? A, double? B);

/// <summary>The engine's models are missing, corrupt or misconfigured; the message names the file and the fix.</summary>
public class ModelSetupException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>A member or face detector asked for by name (<c>--members</c>, <c>--detector</c>, a host's settings) is not
/// in the manifest: the choice is wrong, not the installation. The message lists the known names.</summary>
public sealed class UnknownModelException(string message) : ModelSetupException(message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
