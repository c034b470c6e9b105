using System.Diagnostics;
using DeepScan.Cli.Scanning;
using DeepScan.Detection;
using DeepScan.Detection.Engine;
using DeepScan.Detection.Faces;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Activities;

namespace DeepScan.Cli.Crops;

/// <summary>Where and how <c>deepscan crops</c> writes.</summary>
/// <param name="Size">Letterbox each crop into this square, as an <c>onnx-image</c> member of that input size
/// receives it; null writes the crop at its own size.</param>
/// <param name="Member">Crop with this member's framing (its manifest crop margin); null for the engine's.</param>
/// <param name="Overwrite">Replace files of the same name (the folder was not empty and <c>--force</c> was given).</param>
internal sealed record CropRequest(string OutputFolder, int? Size, string? Member, bool Overwrite, int Parallelism);

/// <summary>What one video gave: its rows of <c>labels.csv</c> and decoded frames, or why it was skipped.</summary>
/// <param name="Skipped">Why nothing of the video could be read; null when some was.</param>
/// <param name="PartlyRead">Why some of its chunks could not be decoded, when others could.</param>
internal sealed record CroppedVideo(
    CropSource Source, IReadOnlyList<CropRow> Rows, int Frames, string? Skipped = null, string? PartlyRead = null);

/// <summary>One crop file and where it came from.</summary>
/// <param name="File">Relative to the output folder.</param>
/// <param name="Face">The face's index among the frame's crops (the detector's order).</param>
internal sealed record CropRow(string File, int Frame, double TimeSeconds, DetectedFace Detection, int Face);

/// <summary>
/// Writes every face crop a scan would score, for each video of a <see cref="CropSet"/>: planned by the scan's own
/// PlanScan, decoded by the engine's shared pass and cropped by <see cref="DetectionEngine.CropChunkAsync"/>, so
/// training sees exactly what serving scores. Videos run in parallel; one unreadable video is skipped with its reason.
/// </summary>
internal sealed class CropExporter(LocalScanner scanner, CropRequest request)
{
    public async Task<CropSummary> ExportAsync(CropSet set, Action onVideoDone, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var engine = scanner.Engine;
        var member = request.Member is null
            ? -1
            : Array.FindIndex(engine.MemberNames, n => string.Equals(n, request.Member, StringComparison.OrdinalIgnoreCase));
        var prefixes = CropFileNames.Prefixes(set.Videos.Select(v => v.Video));
        var videos = new CroppedVideo[set.Videos.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, videos.Length),
            new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                videos[i] = await CropVideoAsync(set.Videos[i], prefixes[i], member, ct);
                onVideoDone();
            });

        await CropLabels.WriteAsync(
            Path.Combine(request.OutputFolder, CropLabels.FileName), set.ExtraColumns, engine.Detector.Name, videos,
            request.Overwrite, cancellationToken);
        return CropSummary.Of(videos, clock.Elapsed.TotalSeconds);
    }

    private async Task<CroppedVideo> CropVideoAsync(
        CropSource source, string prefix, int member, CancellationToken cancellationToken)
    {
        IReadOnlyList<FrameChunk> plan;
        try
        {
            plan = await scanner.PlanAsync(source.Path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return new CroppedVideo(source, [], 0, "file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new CroppedVideo(source, [], 0, $"cannot be read ({ex.Message})");
        }
        catch (UnusableVideoException ex)
        {
            return new CroppedVideo(source, [], 0, ex.Message);
        }

        var chunks = await Task.WhenAll(plan.Select(c => CropChunkAsync(c, prefix, member, cancellationToken)));
        var rows = chunks.SelectMany(c => c.Rows).ToList();
        var frames = chunks.Sum(c => c.Frames);
        // As a scan scores the chunks it can decode, a video that is only partly readable keeps the crops it gave.
        var failure = chunks.Select(c => c.Failure).FirstOrDefault(f => f is not null);
        return frames == 0 && failure is not null
            ? new CroppedVideo(source, rows, 0, failure)
            : new CroppedVideo(source, rows, frames, null, failure);
    }

    /// <summary>The chunk's crops, written; the rows of files already written are kept when decoding fails.</summary>
    private async Task<(List<CropRow> Rows, int Frames, string? Failure)> CropChunkAsync(
        FrameChunk chunk, string prefix, int member, CancellationToken cancellationToken)
    {
        var rows = new List<CropRow>();
        var frames = 0;
        try
        {
            await foreach (var frame in scanner.Engine.CropChunkAsync(chunk, cancellationToken))
            {
                frames++;
                rows.AddRange(await WriteAsync(frame, prefix, member, cancellationToken));
            }
        }
        catch (VideoInputException ex)
        {
            return (rows, frames, ex.Message);
        }

        return (rows, frames, null);
    }

    private async Task<List<CropRow>> WriteAsync(
        FrameCrops frame, string prefix, int member, CancellationToken cancellationToken)
    {
        var rows = new List<CropRow>(frame.Crops.Count);
        for (var face = 0; face < frame.Crops.Count; face++)
        {
            var image = member < 0 ? frame.Crops[face].Image : frame.MemberCrops[member][face];
            if (request.Size is { } size)
            {
                image = Letterbox.Fit(image, size, size).Canvas;
            }

            var file = CropFileNames.For(prefix, frame.Index, face);
            await PngFile.WriteAsync(Path.Combine(request.OutputFolder, file), image, request.Overwrite, cancellationToken);
            rows.Add(new CropRow(file, frame.Index, frame.TimeSeconds, frame.Crops[face].Face, face));
        }

        return rows;
    }
}
