using DeepScan.Cli.Hosting;
using DeepScan.Detection;
using DeepScan.Detection.Engine;
using DeepScan.Detection.Evidence;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Scanning;

/// <summary>What one local scan produced: the verdict document, the workflow's result and, when the scanner keeps
/// evidence, the sheet the workflow rendered (null if it could not).</summary>
internal sealed record ScanRun(VerdictDocument Verdict, ScanWorkflowResult Result, byte[]? Evidence = null);

/// <summary>
/// Runs the scan workflow in this process on local files (the embedded default): one engine shared by every scan,
/// a private filesystem store per scan, no events or webhooks.
/// </summary>
/// <remarks>Every chunk of a scan is scored here, so by default each video is decoded in one ffmpeg pass that its
/// chunks share (<see cref="SharedPassFrameSource"/>) rather than once per chunk as the Functions host must.</remarks>
internal sealed class LocalScanner : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly LogLevel _logLevel;
    private readonly bool _sharedDecodePass;
    private readonly Lazy<DetectionEngine> _engine;
    private readonly ServiceProvider _shared;
    private readonly EarlyDecoding? _early;
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("deepscan-scan").FullName;

    /// <param name="sharedDecodePass">False decodes with one ffmpeg per chunk, as the Functions host does.</param>
    /// <param name="keepEvidence">Render each scan's evidence sheet as <c>serve</c> does
    /// (<see cref="ScanRun.Evidence"/>); off, no thumbnail is made.</param>
    public LocalScanner(
        ScanCliOptions options,
        LogLevel logLevel = LogLevel.Warning,
        bool sharedDecodePass = true,
        bool keepEvidence = false)
    {
        _configuration = LocalServices.Configuration(new Dictionary<string, string?>(options.ToConfiguration())
        {
            ["Scan:Evidence"] = keepEvidence ? "true" : "false",
        });
        _logLevel = logLevel;
        _sharedDecodePass = sharedDecodePass;
        _shared = new ServiceCollection()
            .AddDeepScanLocal(_configuration, logLevel, sharedDecodePass)
            .BuildServiceProvider();
        _engine = _shared.GetRequiredService<Lazy<DetectionEngine>>();
        _early = sharedDecodePass && _shared.GetService<SharedPassFrameSource>() is { } pass
            ? new EarlyDecoding(
                _shared.GetRequiredService<IVideoProber>(), pass, _shared.GetRequiredService<ILogger<EarlyDecoding>>())
            : null;
    }

    /// <summary>Raised once a scan is planned, with its number of chunks.</summary>
    public event Action<int>? Planned;

    /// <summary>Raised after every scored chunk, from whichever thread scored it.</summary>
    public event Action<ChunkScores>? ChunkScored;

    /// <summary>Loads every model now, so a setup problem is reported before any video is read.</summary>
    /// <exception cref="Detection.Models.ModelSetupException">A model is missing or invalid.</exception>
    public DetectionEngine Engine => _engine.Value;

    /// <summary>
    /// Plans a video's chunks as a scan of it does (its PlanScan activity, with this scanner's sampling settings), for
    /// a caller that reads them through <see cref="Engine"/> itself; the engine's shared decode pass serves them.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="UnusableVideoException">The file is not a video the engine can scan; the message says why.</exception>
    public async Task<IReadOnlyList<FrameChunk>> PlanAsync(string path, CancellationToken cancellationToken)
    {
        var video = await SingleFileVideoStore.OpenAsync(path, cancellationToken);
        var settings = _shared.GetRequiredService<ScanSettings>();
        var activities = new ScanEngineActivities(
            video,
            _shared.GetRequiredService<IVideoProber>(),
            _shared.GetRequiredService<IKeyFrameScanner>(),
            _shared.GetRequiredService<IChunkPlanner>(),
            _shared.GetRequiredService<IChunkScorer>(),
            _shared.GetRequiredService<ScanEvidenceActivities>());
        var plan = await activities.PlanScanAsync(
            new PlanScanInput(
                video.Name, settings.FramesPerVideo, settings.FramesPerChunk, settings.FramesPerSecond, settings.MaxFrames),
            cancellationToken);
        if (plan.Rejection is not null || plan.Info is null)
        {
            throw new UnusableVideoException(plan.Rejection ?? $"{path} could not be planned.");
        }

        var resolved = await video.ResolveAsync(video.Name, cancellationToken);
        return plan.Chunks.Select(c => c.In(resolved, plan.Info)).ToList();
    }

    /// <summary>
    /// With the shared decode pass, probes the file and starts decoding it now, before <see cref="ScanAsync"/> (which
    /// does so itself otherwise) and before the models load (<see cref="EarlyDecoding"/>); nothing otherwise.
    /// </summary>
    public void BeginDecoding(string path, CancellationToken cancellationToken)
    {
        var file = SingleFileVideoStore.Reference(path);
        if (File.Exists(file.Location))
        {
            _early?.Begin(file, cancellationToken);
        }
    }

    /// <remarks>With the shared decode pass, the file is probed and decoded from the start, while it is hashed and
    /// the models load (<see cref="BeginDecoding"/>).</remarks>
    public async Task<ScanRun> ScanAsync(string path, CancellationToken cancellationToken)
    {
        var file = SingleFileVideoStore.Reference(path);
        BeginDecoding(path, cancellationToken);
        try
        {
            return await RunWorkflowAsync(path, cancellationToken);
        }
        finally
        {
            _early?.End(file);
        }
    }

    private async Task<ScanRun> RunWorkflowAsync(string path, CancellationToken cancellationToken)
    {
        var video = await SingleFileVideoStore.OpenAsync(path, cancellationToken);
        var services = new ServiceCollection()
            .AddSingleton<IVideoStore>(video)
            .AddDeepScanLocal(LocalServices.Configuration(new Dictionary<string, string?>
            {
                ["Storage:RootPath"] = Directory.CreateDirectory(Path.Combine(_stateRoot, Guid.NewGuid().ToString("N"))).FullName,
            }).Chain(_configuration), _logLevel, _sharedDecodePass)
            .AddSingleton(_engine)
            // The engine's shared pass finds the plan's seeks in this scanner's memory rather than scanning again.
            .AddSingleton(_shared.GetRequiredService<KeyFrameScanner>())
            .AddSingleton<IChunkPlanner>(new ReportingChunkPlanner(chunks => Planned?.Invoke(chunks)))
            .AddSingleton<IChunkScorer>(new ReportingChunkScorer(_engine, scores => ChunkScored?.Invoke(scores)));
        if (_early is not null)
        {
            services.AddSingleton<IVideoProber>(_early);
        }

        await using var provider = services.BuildServiceProvider();

        var stored = (await video.GetAsync(video.Name, cancellationToken))!;
        var scanId = ScanIds.For(stored.Name, stored.Version);
        var now = DateTimeOffset.UtcNow;
        var store = provider.GetRequiredService<IScanStore>();
        await store.TryCreateAsync(
            new ScanRecord(scanId, stored.Name, stored.Version, ScanStatus.Pending, now, now, []), cancellationToken);

        var settings = provider.GetRequiredService<ScanSettings>();
        var result = await provider.GetRequiredService<InProcessScanRunner>().RunAsync(
            new ScanWorkflowInput(scanId, settings), cancellationToken);
        var verdict = await store.ReadVerdictAsync(scanId, cancellationToken)
            ?? throw new InvalidOperationException($"The scan of {path} ended without a verdict: {result.Error}");
        var evidence = settings.Evidence ? await store.ReadEvidenceAsync(scanId, cancellationToken) : null;
        return new ScanRun(verdict, result, evidence);
    }

    public void Dispose()
    {
        _shared.Dispose();
        if (_engine.IsValueCreated)
        {
            _engine.Value.Dispose();
        }

        Directory.Delete(_stateRoot, recursive: true);
    }

    /// <summary>Plans as the engine does and tells the command line how many chunks there are.</summary>
    private sealed class ReportingChunkPlanner(Action<int> planned) : IChunkPlanner
    {
        public IReadOnlyList<FrameChunk> Plan(
            VideoRef video, VideoInfo info, int frames, int chunkSize, KeyFrameIndex? keyFrames)
        {
            var plan = ChunkPlanner.Plan(video, info, frames, chunkSize, keyFrames);
            planned(plan.Count);
            return plan;
        }
    }

    /// <summary>Scores through the shared engine and tells the command line after each chunk.</summary>
    private sealed class ReportingChunkScorer(Lazy<DetectionEngine> engine, Action<ChunkScores> scored) : IChunkScorer
    {
        public async Task<ChunkScores> ScoreChunkAsync(
            FrameChunk chunk, CancellationToken cancellationToken, Action<FaceThumbnail>? thumbnails = null)
        {
            var scores = await engine.Value.ScoreChunkAsync(chunk, cancellationToken, thumbnails);
            scored(scores);
            return scores;
        }
    }
}
