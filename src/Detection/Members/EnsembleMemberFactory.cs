using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using DeepScan.Detection.Spectrum;
using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Members;

/// <summary>Turns a manifest member entry into a running ensemble member, by its
/// <see cref="MemberEntry.Kind"/>.</summary>
public static class EnsembleMemberFactory
{
    /// <summary>The member kinds a manifest may name.</summary>
    public static IReadOnlyList<string> KnownKinds { get; } =
        [OnnxImageClassifier.MemberKind, SpectrumClassifier.MemberKind];

    /// <exception cref="ModelSetupException">The kind is unknown, the entry is invalid, or its model file is missing
    /// or does not fit the entry.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the member's model.</exception>
    public static IEnsembleMember Create(
        MemberEntry entry,
        string modelDirectory,
        OnnxRuntime runtime,
        OnnxSessionOptions options,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(entry);
        IEnsembleMember member = entry.Kind switch
        {
            OnnxImageClassifier.MemberKind => OnnxImageClassifier.Open(entry, modelDirectory, runtime, options),
            SpectrumClassifier.MemberKind => SpectrumClassifier.Load(entry, modelDirectory),
            _ => throw new ModelSetupException(
                $"Model manifest member '{entry.Name}' has unknown kind '{entry.Kind}'. "
                + $"Known kinds: {string.Join(", ", KnownKinds)}."),
        };
        if (PlattCalibration.FromEntry(entry) is { } calibration)
        {
            member = new CalibratedMember(member, calibration);
        }

        logger.LogDebug(
            "Ensemble member {Member} ({Kind}) loaded from {File} on {Device}, weight {Weight}, calibration {Calibration}",
            member.Name,
            entry.Kind,
            entry.File,
            member.Device,
            member.Weight,
            (member as CalibratedMember)?.Calibration.ToString() ?? "none");
        return member;
    }
}
