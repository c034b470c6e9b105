using System.Diagnostics;
using System.Runtime.CompilerServices;
using DeepScan.Detection.Evidence;
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
/// One engine holds one native session per model and is shared by concurrent chunks. Each frame is detected, cropped
/// and classified as soon as it is decoded and then let go, so inference overlaps decoding (ffmpeg, out of process);
/// a chunk holds at most one frame per inference slot. Sessions run single-threaded by default
/// (<see cref="DetectionOptions.IntraOpThreads"/>) and up to one run per core proceeds at once: the detector, which
/// reuses its input buffer, takes one frame at a time, while the members classify other frames, of the same chunk or
/// another.
/// </remarks>
public sealed class DetectionEngine : IDisposable
{
    private readonly IFaceDetector _detector;
    private readonly IReadOnlyList<IEnsembleMember> _members;
    private readonly IFrameSource _frames;
    private readonly FaceCropper _cropper;
    private readonly FaceCropper?[] _memberCroppers;
    private readonly SemaphoreSlim _detectorTurn = new(1, 1);
    private readonly SemaphoreSlim _inference;
    private readonly int _inferenceSlots;
    private readonly ILogger _logger;

    private DetectionEngine(
        IFaceDetector detector,
        IReadOnlyList<IEnsembleMember> members,
        IFrameSource frames,
        FaceCropper cropper,
        FaceCropper?[] memberCroppers,
        int inferenceSlots,
        ILogger logger)
    {
        _detector = detector;
        _members = members;
        _frames = frames;
        _cropper = cropper;
        _memberCroppers = memberCroppers;
        _inference = new SemaphoreSlim(inferenceSlots, inferenceSlots);
        _inferenceSlots = inferenceSlots;
        _logger = logger;
        MemberNames = members.Select(m => m.Name).ToArray();
        Weights = members.Select(m => m.Weight).ToArray();
        MemberDevices = members.Select(m => m.Device).ToArray();
        MemberModels = members.Select(m => m.Model).ToArray();
        Detector = new DetectorSummary(detector.Name, detector.Device);
    }

    /// <summary>Ensemble member names: the column order of every <see cref="FaceScore.MemberScores"/>.</summary>
    public string[] MemberNames { get; }

    /// <summary>Each member's ensemble weight, in <see cref="MemberNames"/> order.</summary>
    public double[] Weights { get; }

    /// <summary>Where each member runs (<c>cpu</c> or <c>cuda</c>), in <see cref="MemberNames"/> order.</summary>
    public string[] MemberDevices { get; }

    /// <summary>The model file each member runs, in the order of <see cref="MemberNames"/>.</summary>
    public string[] MemberModels { get; }

    /// <summary>The face detector's manifest name and where it runs.</summary>
    public DetectorSummary Detector { get; }

    /// <summary>
    /// Scores ready-made face crops (no detection) with every member: per crop, each member's fake probability and
    /// the weighted ensemble's. For evaluating on labelled face sets.
    /// </summary>
    public async Task<IReadOnlyList<FaceScore>> ScoreCropsAsync(
        IReadOnlyList<RgbImage> crops, CancellationToken cancellationToken)
    {
        var columns = await ClassifyAsync(_members.Select(_ => crops).ToArray(), cancellationToken).ConfigureAwait(false);
        return crops.Select((crop, row) =>
            Score(new DetectedFace(new FaceBox(0, 0, crop.Width, crop.Height), 1), columns, row)).ToList();
    }

    /// <summary>Loads the detector and enabled members named by the manifest; every missing model is a clear error.</summary>
    /// <param name="frames">Where chunks' frames come from; one ffmpeg per chunk (<see cref="ChunkFrameSource"/>) when
    /// null. The engine owns it from here on and disposes it.</param>
    /// <exception cref="ModelSetupException">A model file is missing or the manifest names something unknown.</exception>
    public static DetectionEngine Create(
        DetectionOptions options, DeepScanPaths paths, ILoggerFactory loggers, IFrameSource? frames = null)
    {
        var clock = Stopwatch.StartNew();
        var logger = loggers.CreateLogger<DetectionEngine>();
        var manifest = ModelManifest.Load(paths.ManifestPath);
        var runtime = OnnxRuntime.Shared(loggers.CreateLogger<OnnxRuntime>(), loggers.CreateLogger(OrtLog.Category));
        var sessionOptions = new OnnxSessionOptions(options.Device, options.IntraOpThreads, paths.OptimizedModelCache);

        var entries = manifest.Members.Where(m => options.Members is null
                ? m.Enabled
                : options.Members.Contains(m.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var unknown = options.Members?.Except(entries.Select(e => e.Name), StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new UnknownModelException(
                $"Unknown member(s) {string.Join(", ", unknown)}. Known: {string.Join(", ", manifest.Members.Select(m => m.Name))}.");
        }

        foreach (var absent in entries.Where(e => e.Optional && !File.Exists(paths.ModelFile(e.File))).ToList())
        {
            logger.LogWarning(
                "Optional member {Member} left out: {File} is not installed ({Directory})",
                absent.Name, absent.File, paths.ModelDirectory);
            entries.Remove(absent);
        }

        if (entries.Count == 0)
        {
            throw new ModelSetupException("No ensemble member is enabled in the model manifest.");
        }

        if (entries.All(e => e.Weight <= 0))
        {
            // Members named by --members that validation left at weight 0 would make the weighted mean 0/0 (a verdict
            // that cannot even be written); a user who asks for them gets their equal-weight mean instead.
            logger.LogInformation(
                "Every chosen member has weight 0 in the manifest; weighing {Members} equally",
                string.Join(", ", entries.Select(e => e.Name)));
            entries = entries.Select(e => e with { Weight = 1.0 }).ToList();
        }

        // Sessions are built side by side: each optimises its graph on one core, and a cold scan waits for them all.
        // Each on a thread of its own, not the pool's: a cold process has few pool threads, and the scan's first
        // steps (probing, starting ffmpeg) would otherwise queue behind the loading.
        var detectorLoad = OnOwnThread(() => FaceDetectorFactory.Create(
            manifest.Detector(options.Detector), paths.ModelDirectory, runtime, logger, options.IntraOpThreads,
            paths.OptimizedModelCache));
        var memberLoads = entries
            .Select(entry => OnOwnThread(() => EnsembleMemberFactory.Create(
                entry, paths.ModelDirectory, runtime, sessionOptions, logger)))
            .ToArray();
        try
        {
            Task.WhenAll([detectorLoad, .. memberLoads]).GetAwaiter().GetResult();
        }
        catch
        {
            // The first failure propagates as itself (a ModelSetupException, say); whatever did load is released.
            foreach (var loaded in memberLoads.Where(t => t.IsCompletedSuccessfully))
            {
                loaded.Result.Dispose();
            }

            if (detectorLoad.IsCompletedSuccessfully)
            {
                detectorLoad.Result.Dispose();
            }

            throw;
        }

        var detector = detectorLoad.Result;
        var members = memberLoads.Select(t => t.Result).ToList();

        logger.LogInformation(
            "Engine ready in {Ms:0} ms: detector {Detector} ({DetectorDevice}), members {Members}, {Threads} thread(s) "
            + "per model run",
            clock.Elapsed.TotalMilliseconds, detector.Name, detector.Device,
            string.Join(", ", members.Select(m => $"{m.Name} (w={m.Weight:0.###}, {m.Device}, {m.Model})")),
            options.IntraOpThreads == 0 ? "all" : options.IntraOpThreads);
        return new DetectionEngine(
            detector,
            members,
            frames ?? new ChunkFrameSource(new FrameDecoder(
                loggers.CreateLogger<FrameDecoder>(),
                hardwareDecoding: HardwareDecoding.Use(options.Device == ExecutionDevice.Cuda, logger))),
            new FaceCropper(FaceCropOptions.Default),
            // A member whose manifest entry sets its own crop margin gets faces framed like its training crops.
            entries.Select(e => e.CropMargin is { } margin
                ? new FaceCropper(FaceCropOptions.Default with { MarginFraction = margin })
                : null).ToArray(),
            InferenceSlots(options.IntraOpThreads),
            logger);
    }

    /// <summary>Decodes, detects and scores one chunk; the per-face scores are compact enough for Durable history.</summary>
    /// <remarks>Stage times are wall time: decode is the time spent waiting for frames, detect and classify the time
    /// spent running (waiting for a turn at a model is in none of them).</remarks>
    /// <param name="thumbnails">Given, it gets a small copy of every scored face crop (for an evidence sheet),
    /// which the scores themselves never carry; called on the caller's flow, in frame order.</param>
    /// <exception cref="VideoInputException">No frame of the chunk could be decoded.</exception>
    public async Task<ChunkScores> ScoreChunkAsync(
        FrameChunk chunk, CancellationToken cancellationToken, Action<FaceThumbnail>? thumbnails = null)
    {
        var frames = BatchesChunks
            ? await ScoreBatchedAsync(chunk, thumbnails is not null, cancellationToken).ConfigureAwait(false)
            : await ScoreAsDecodedAsync(chunk, thumbnails is not null, cancellationToken).ConfigureAwait(false);
        var timings = StageTimings.Zero;
        foreach (var frame in frames)
        {
            foreach (var thumbnail in frame.Thumbnails)
            {
                thumbnails!(thumbnail);
            }

            timings = timings.Add(frame.Timings);
        }

        _logger.LogDebug(
            "Chunk {Chunk}: {Frames} frames, {Faces} faces, decode {Decode:0} ms, detect {Detect:0} ms, classify {Classify:0} ms",
            chunk.Index, frames.Count, frames.Sum(f => f.Scores.Faces.Length), timings.DecodeMs, timings.DetectMs,
            timings.ClassifyMs);
        return new ChunkScores(
            chunk.Index, MemberNames, Weights, frames.Select(f => f.Scores).ToArray(), MemberDevices, Detector, timings,
            MemberModels);
    }

    /// <summary>
    /// Decodes one chunk and yields, per frame as it is decoded, the face crops the members score: the step of
    /// <see cref="ScoreChunkAsync"/> before classification, for <c>deepscan crops</c> to write the same crops.
    /// </summary>
    /// <remarks>Each frame's <see cref="FrameCrops.Timings"/> holds its decode wait and detection time.</remarks>
    /// <exception cref="VideoInputException">No frame of the chunk could be decoded.</exception>
    public async IAsyncEnumerable<FrameCrops> CropChunkAsync(
        FrameChunk chunk, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        await foreach (var frame in _frames.ReadAsync(chunk, cancellationToken).ConfigureAwait(false))
        {
            var decodeMs = waiting.Elapsed.TotalMilliseconds;
            yield return await CropAsync(frame, decodeMs, cancellationToken).ConfigureAwait(false);
            waiting.Restart();
        }
    }

    /// <summary>Detects and crops one decoded frame's faces, then lets the frame go.</summary>
    private async Task<FrameCrops> CropAsync(DecodedFrame frame, double decodeMs, CancellationToken cancellationToken)
    {
        using (frame)
        {
            // The crops are copies: the frame's buffer goes back to the decoder before classification.
            var (crops, memberCrops, detectMs) = await DetectAsync(frame, cancellationToken).ConfigureAwait(false);
            return new FrameCrops(
                frame.Index, frame.TimeSeconds, crops, memberCrops, new StageTimings(decodeMs, detectMs, 0));
        }
    }

    /// <summary>
    /// The CPU path: each frame is detected and classified as soon as it is decoded, beside the decoding, and up to
    /// one frame per inference slot at once. Frames that arrive faster than one core scores them (the last chunk of a
    /// scan, once ffmpeg is done with the video) then keep every core busy instead of one.
    /// </summary>
    private async Task<IReadOnlyList<ScoredFrame>> ScoreAsDecodedAsync(
        FrameChunk chunk, bool keepThumbnails, CancellationToken cancellationToken)
    {
        using var turns = new SemaphoreSlim(_inferenceSlots, _inferenceSlots);
        var working = new List<Task<ScoredFrame>>(chunk.FrameIndices.Length);
        try
        {
            await using var frames = _frames.ReadAsync(chunk, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                // A turn before the next frame is taken: a frame is never held without one, so at most one frame per
                // slot waits in memory.
                await turns.WaitAsync(cancellationToken).ConfigureAwait(false);
                var waiting = Stopwatch.StartNew();
                bool more;
                try
                {
                    more = await frames.MoveNextAsync().ConfigureAwait(false);
                }
                catch
                {
                    turns.Release();
                    throw;
                }

                if (!more)
                {
                    turns.Release();
                    break;
                }

                var frame = frames.Current;
                var decodeMs = waiting.Elapsed.TotalMilliseconds;
                working.Add(Task.Run(
                    () => ScoreFrameAsync(frame, decodeMs, keepThumbnails, turns, cancellationToken), CancellationToken.None));
            }

            return await Task.WhenAll(working).ConfigureAwait(false);
        }
        catch
        {
            // The frames already handed out finish (or fail) before the turns they release are disposed.
            await Task.WhenAll(working).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Detects, crops and classifies one decoded frame, lets the frame go and gives its turn back.</summary>
    private async Task<ScoredFrame> ScoreFrameAsync(
        DecodedFrame frame, double decodeMs, bool keepThumbnails, SemaphoreSlim turn, CancellationToken cancellationToken)
    {
        try
        {
            var held = await CropAsync(frame, decodeMs, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var scores = (await ClassifyFramesAsync([held], cancellationToken).ConfigureAwait(false)).Single();
            return new ScoredFrame(
                scores,
                keepThumbnails ? ThumbnailsOf(held) : [],
                held.Timings with { ClassifyMs = clock.Elapsed.TotalMilliseconds });
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>The GPU path: the chunk's frames are detected as decoded, and their faces classified in one run.</summary>
    private async Task<IReadOnlyList<ScoredFrame>> ScoreBatchedAsync(
        FrameChunk chunk, bool keepThumbnails, CancellationToken cancellationToken)
    {
        var held = new List<FrameCrops>();
        await foreach (var frame in CropChunkAsync(chunk, cancellationToken).ConfigureAwait(false))
        {
            held.Add(frame);
        }

        var clock = Stopwatch.StartNew();
        var scored = (await ClassifyFramesAsync(held, cancellationToken).ConfigureAwait(false)).ToList();
        // The one run's time is booked to the chunk's first frame, so the chunk's sum is right.
        var classifyMs = clock.Elapsed.TotalMilliseconds;
        return held.Select((frame, i) => new ScoredFrame(
            scored[i],
            keepThumbnails ? ThumbnailsOf(frame) : [],
            frame.Timings with { ClassifyMs = i == 0 ? classifyMs : 0 })).ToList();
    }

    private static FaceThumbnail[] ThumbnailsOf(FrameCrops frame) =>
        frame.Crops.Select((crop, face) => new FaceThumbnail(frame.Index, face, crop.Face.Box, Thumbnails.Of(crop.Image)))
            .ToArray();

    /// <summary>
    /// On a GPU every member scores all of a chunk's faces in one batched run: one run costs about as much as one
    /// face, so per-frame runs would leave the GPU idle. On the CPU each frame is classified as it arrives, beside the
    /// decoding, which batching would only delay.
    /// </summary>
    private bool BatchesChunks => MemberDevices.Contains("cuda");

    /// <summary>Scores the frames' faces with one run per member over all of them.</summary>
    private async Task<IEnumerable<FrameScores>> ClassifyFramesAsync(
        IReadOnlyList<FrameCrops> held,
        CancellationToken cancellationToken)
    {
        var batch = _members
            .Select((_, m) => (IReadOnlyList<RgbImage>)held.SelectMany(h => h.MemberCrops[m]).ToList())
            .ToArray();
        var columns = await ClassifyAsync(batch, cancellationToken).ConfigureAwait(false);
        var first = 0;
        var frames = new List<FrameScores>(held.Count);
        foreach (var frame in held)
        {
            var start = first;
            frames.Add(new FrameScores(
                frame.Index, frame.TimeSeconds, frame.Crops.Select((c, row) => Score(c.Face, columns, start + row)).ToArray()));
            first += frame.Crops.Count;
        }

        return frames;
    }

    public void Dispose()
    {
        (_frames as IDisposable)?.Dispose();
        _detector.Dispose();
        foreach (var member in _members)
        {
            member.Dispose();
        }

        _detectorTurn.Dispose();
        _inference.Dispose();
    }

    private static Task<T> OnOwnThread<T>(Func<T> load) =>
        Task.Factory.StartNew(load, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Runs a model per core at most: one when each run already uses every core.</summary>
    private static int InferenceSlots(int intraOpThreads) =>
        intraOpThreads == 0 ? 1 : Math.Max(1, Environment.ProcessorCount / intraOpThreads);

    /// <summary>The frame's faces that are large enough to classify, cropped once with the engine's margin and once
    /// per member that frames faces its own way; and the time the detector ran.</summary>
    private async Task<(IReadOnlyList<FaceCrop> Crops, IReadOnlyList<RgbImage>[] MemberCrops, double Ms)> DetectAsync(
        DecodedFrame frame, CancellationToken cancellationToken)
    {
        // Found before taking the detector's turn: it needs only the frame, so other frames' detection need not wait.
        var picture = PictureArea.Find(frame.Image);
        await _detectorTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _inference.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var clock = Stopwatch.StartNew();
                var crops = _cropper.CropAll(frame.Image, _detector.Detect(frame.Image), picture);
                IReadOnlyList<RgbImage> shared = crops.Select(c => c.Image).ToList();
                var memberCrops = _memberCroppers
                    .Select(own => own is null
                        ? shared
                        : crops.Select(c => own.Crop(frame.Image, c.Face.Box, picture)).ToList())
                    .ToArray();
                return (crops, memberCrops, clock.Elapsed.TotalMilliseconds);
            }
            finally
            {
                _inference.Release();
            }
        }
        finally
        {
            _detectorTurn.Release();
        }
    }

    /// <summary>Every member's fake probabilities for its crops of the same faces, one column per member.</summary>
    private async Task<float[][]> ClassifyAsync(
        IReadOnlyList<RgbImage>[] memberCrops, CancellationToken cancellationToken)
    {
        if (memberCrops.Length == 0 || memberCrops[0].Count == 0)
        {
            return _members.Select(_ => Array.Empty<float>()).ToArray();
        }

        await _inference.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _members.Select((m, i) => m.PredictFake(memberCrops[i])).ToArray();
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

    /// <summary>One frame's scores, with what its faces looked like when thumbnails are kept, and its stage times.</summary>
    private sealed record ScoredFrame(FrameScores Scores, FaceThumbnail[] Thumbnails, StageTimings Timings);
}
