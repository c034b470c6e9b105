using System.Diagnostics;
using DeepScan.Detection.Faces;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Members;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using DeepScan.Detection.Scoring;
using DeepScan.Detection.Video;
using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Engine;

/// <summary>
/// The engine's one entry point for hosts: <see cref="ScoreChunkAsync"/> decodes a chunk's frames, finds every face,
/// and scores each face with every ensemble member. The CLI, the local host and the Functions activity all call it.
/// </summary>
/// <remarks>
/// One engine holds one native session per model and is shared by concurrent chunks: decoding (ffmpeg, out of
/// process) overlaps freely, while detection and classification take turns, since each ONNX session already uses
/// every core for a single run.
/// </remarks>
public sealed class DetectionEngine : IDisposable
{
    private readonly IFaceDetector _detector;
    private readonly IReadOnlyList<IEnsembleMember> _members;
    private readonly FrameDecoder _decoder;
    private readonly FaceCropper _cropper;
    private readonly FaceCropper?[] _memberCroppers;
    private readonly SemaphoreSlim _inference = new(1, 1);
    private readonly ILogger _logger;

    private DetectionEngine(
        IFaceDetector detector,
        IReadOnlyList<IEnsembleMember> members,
        FrameDecoder decoder,
        FaceCropper cropper,
        FaceCropper?[] memberCroppers,
        ILogger logger)
    {
        _detector = detector;
        _members = members;
        _decoder = decoder;
        _cropper = cropper;
        _memberCroppers = memberCroppers;
        _logger = logger;
        MemberNames = members.Select(m => m.Name).ToArray();
        Weights = members.Select(m => m.Weight).ToArray();
    }

    /// <summary>Ensemble member names: the column order of every <see cref="FaceScore.MemberScores"/>.</summary>
    public string[] MemberNames { get; }

    /// <summary>Each member's ensemble weight, in <see cref="MemberNames"/> order.</summary>
    public double[] Weights { get; }

    /// <summary>Where the classifiers run: <c>cpu</c> or <c>cuda</c> (<c>cuda</c> only when every ONNX member got it).</summary>
    public string Device => _members.All(m => m.Device == "cuda") ? "cuda" : "cpu";

    public string DetectorName => _detector.Name;

    /// <summary>
    /// Scores ready-made face crops (no detection) with every member: per crop, each member's fake probability and
    /// the weighted ensemble's. For evaluating on labelled face sets.
    /// </summary>
    public async Task<IReadOnlyList<FaceScore>> ScoreCropsAsync(
        IReadOnlyList<RgbImage> crops, CancellationToken cancellationToken)
    {
        await _inference.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var columns = _members.Select(m => m.PredictFake(crops)).ToArray();
            return crops.Select((crop, row) =>
            {
                var scores = columns.Select(c => c[row]).ToArray();
                return new FaceScore(new FaceBox(0, 0, crop.Width, crop.Height), 1, scores, EnsembleScorer.Combine(scores, Weights));
            }).ToList();
        }
        finally
        {
            _inference.Release();
        }
    }

    /// <summary>Loads the detector and enabled members named by the manifest; every missing model is a clear error.</summary>
    /// <exception cref="ModelSetupException">A model file is missing or the manifest names something unknown.</exception>
    public static DetectionEngine Create(DetectionOptions options, DeepScanPaths paths, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<DetectionEngine>();
        var manifest = ModelManifest.Load(paths.ManifestPath);
        var runtime = OnnxRuntime.Shared(loggers.CreateLogger<OnnxRuntime>());
        var sessionOptions = new OnnxSessionOptions(options.Device);

        var entries = manifest.Members.Where(m => options.Members is null
                ? m.Enabled
                : options.Members.Contains(m.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var unknown = options.Members?.Except(entries.Select(e => e.Name), StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new ModelSetupException(
                $"Unknown member(s) {string.Join(", ", unknown)}. Known: {string.Join(", ", manifest.Members.Select(m => m.Name))}.");
        }

        if (entries.Count == 0)
        {
            throw new ModelSetupException("No ensemble member is enabled in the model manifest.");
        }

        var detector = FaceDetectorFactory.Create(manifest.Detector(options.Detector), paths.ModelDirectory, runtime, logger);
        var members = new List<IEnsembleMember>();
        try
        {
            foreach (var entry in entries)
            {
                members.Add(EnsembleMemberFactory.Create(entry, paths.ModelDirectory, runtime, sessionOptions, logger));
            }
        }
        catch
        {
            detector.Dispose();
            members.ForEach(m => m.Dispose());
            throw;
        }

        logger.LogInformation(
            "Engine ready: detector {Detector}, members {Members}, device {Device}",
            detector.Name, string.Join(", ", members.Select(m => $"{m.Name} (w={m.Weight:0.###}, {m.Device})")),
            members.All(m => m.Device == "cuda") ? "cuda" : "cpu");
        // A member whose manifest entry sets its own crop margin gets crops framed like its training faces.
        var memberCroppers = entries.Select(e => e.CropMargin is { } margin
            ? new FaceCropper(FaceCropOptions.Default with { MarginFraction = margin })
            : null).ToArray();
        return new DetectionEngine(
            detector,
            members,
            new FrameDecoder(loggers.CreateLogger<FrameDecoder>()),
            new FaceCropper(FaceCropOptions.Default),
            memberCroppers,
            logger);
    }

    /// <summary>Decodes, detects and scores one chunk; the per-face scores are compact enough for Durable history.</summary>
    public async Task<ChunkScores> ScoreChunkAsync(FrameChunk chunk, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var frames = await _decoder.DecodeAsync(chunk, cancellationToken).ConfigureAwait(false);
        var decodeMs = clock.Elapsed.TotalMilliseconds;

        await _inference.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            clock.Restart();
            var found = frames.Select(f => (Frame: f, Crops: _cropper.CropAll(f.Image, _detector.Detect(f.Image))))
                .ToList();
            var detectMs = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var crops = found.SelectMany(f => f.Crops.Select(c => c.Image)).ToList();
            var columns = _members.Select((m, i) => crops.Count == 0 ? []
                : m.PredictFake(_memberCroppers[i] is { } own
                    ? found.SelectMany(f => f.Crops.Select(c => own.Crop(f.Frame.Image, c.Face.Box))).ToList()
                    : crops)).ToArray();
            var classifyMs = clock.Elapsed.TotalMilliseconds;

            var next = 0;
            var scored = found.Select(f => new FrameScores(
                f.Frame.Index,
                f.Frame.TimeSeconds,
                f.Crops.Select(c => Score(c.Face, columns, next++)).ToArray())).ToArray();

            _logger.LogDebug(
                "Chunk {Chunk}: {Frames} frames, {Faces} faces, decode {Decode:0} ms, detect {Detect:0} ms, classify {Classify:0} ms",
                chunk.Index, frames.Count, crops.Count, decodeMs, detectMs, classifyMs);
            return new ChunkScores(
                chunk.Index, MemberNames, Weights, scored, Device, new StageTimings(decodeMs, detectMs, classifyMs));
        }
        finally
        {
            _inference.Release();
        }
    }

    private FaceScore Score(DetectedFace face, float[][] columns, int row)
    {
        var scores = columns.Select(c => c[row]).ToArray();
        return new FaceScore(face.Box, face.Score, scores, EnsembleScorer.Combine(scores, Weights));
    }

    public void Dispose()
    {
        _detector.Dispose();
        foreach (var member in _members)
        {
            member.Dispose();
        }

        _inference.Dispose();
    }
}
