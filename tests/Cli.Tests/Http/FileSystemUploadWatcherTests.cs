using DeepScan.Cli.Http;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DeepScan.Cli.Tests.Http;

/// <summary>Files dropped into the filesystem store's uploads folder are scanned without any request.</summary>
public sealed class FileSystemUploadWatcherTests(ServeHostFixture fixture) : IClassFixture<ServeHostFixture>
{
    private readonly ScanApi _api = fixture.Api;

    [Fact]
    public async Task AFileDroppedTwiceWithTheSameBytesIsScannedOnce()
    {
        var video = TestVideos.RealClipBytes();
        var name = $"drop-{Guid.NewGuid():N}/clip.mp4";
        var scanId = ScanIds.For(name, TestVideos.Sha256(video));
        var path = Path.Combine(fixture.Host.UploadsPath, name);

        TestVideos.Drop(path, video);
        var first = await _api.WaitUntilFinishedAsync(scanId);
        var record = await fixture.Host.Scans.GetAsync(scanId, CancellationToken.None);
        TestVideos.Drop(path, video);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1)); // surely a new stamp for the watcher
        await Task.Delay(TimeSpan.FromSeconds(3)); // several watcher passes

        Assert.Equal(ScanStatus.Completed, first.Status);
        var after = await fixture.Host.Scans.GetAsync(scanId, CancellationToken.None);
        Assert.Equal(ScanStatus.Completed, after!.Status);
        Assert.Equal(record!.UpdatedAt, after.UpdatedAt);
        Assert.Single(VerdictsOf(fixture.Host, name));
    }

    [Fact]
    public async Task AFileStillBeingWrittenWaitsUntilItStopsChanging()
    {
        await using var host = await ServeHost.StartAsync(
            new Dictionary<string, string?> { ["Serve:UploadStableFor"] = "00:00:01" });
        var video = TestVideos.RealClipBytes();
        var name = $"slow-{Guid.NewGuid():N}/clip.mp4";
        var path = Path.Combine(host.UploadsPath, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            // A piece every 0.1 s for about 2 s: never still for the watcher's settle time (1 s), seen many times.
            foreach (var piece in video.Chunk(video.Length / 20 + 1))
            {
                await file.WriteAsync(piece);
                await file.FlushAsync();
                await Task.Delay(100);
            }
        }

        var finished = await new ScanApi(host.Client).WaitUntilFinishedAsync(
            ScanIds.For(name, TestVideos.Sha256(video)));
        Assert.Equal(ScanStatus.Completed, finished.Status);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var scanned = Directory.GetFiles(Path.Combine(host.RootPath, "scans"), "*.json")
            .Select(f => File.ReadAllText(f))
            .Count(json => json.Contains(name, StringComparison.Ordinal));
        Assert.Equal(1, scanned);
    }

    [Fact]
    public async Task ADroppedFileIsScannedWhileAnUploadRequestIsInFlightAndAnUploadsOwnFileWaitsForIt()
    {
        // The third file: a refused request's video its removal failed to delete (storage down), never scanned.
        await using var host = await ServeHost.StartAsync(
            new Dictionary<string, string?> { ["Serve:UploadStableFor"] = "00:00:01" });
        var video = TestVideos.RealClipBytes();
        var dropped = $"drop-{Guid.NewGuid():N}/clip.mp4";
        var uploaded = BlobNames.ForUpload("clip.mp4", Guid.NewGuid()); // as a multipart request stores its video
        var refused = BlobNames.ForUpload("clip.mp4", Guid.NewGuid());
        var inFlight = host.Services.GetRequiredService<UploadsInFlight>();
        var uploading = inFlight.Begin(); // a slow upload, still arriving
        inFlight.MarkRefused(refused);

        TestVideos.Drop(Path.Combine(host.UploadsPath, refused), video);
        TestVideos.Drop(Path.Combine(host.UploadsPath, uploaded), video);
        TestVideos.Drop(Path.Combine(host.UploadsPath, dropped), video);
        var scanned = await new ScanApi(host.Client).WaitUntilFinishedAsync(
            ScanIds.For(dropped, TestVideos.Sha256(video)));
        var waiting = await host.Scans.GetAsync(ScanIds.For(uploaded, TestVideos.Sha256(video)), CancellationToken.None);
        uploading.Dispose();
        var afterwards = await new ScanApi(host.Client).WaitUntilFinishedAsync(
            ScanIds.For(uploaded, TestVideos.Sha256(video)));

        Assert.Equal(ScanStatus.Completed, scanned.Status);
        Assert.Null(waiting); // its request creates the scan (with its webhook); the watcher left it alone meanwhile
        Assert.Equal(ScanStatus.Completed, afterwards.Status);
        Assert.Null(await host.Scans.GetAsync(ScanIds.For(refused, TestVideos.Sha256(video)), CancellationToken.None));
    }

    /// <summary>The verdict files whose source is <paramref name="name"/>.</summary>
    private static string[] VerdictsOf(ServeHost host, string name) =>
        Directory.GetFiles(Path.Combine(host.RootPath, "verdicts"), "*.json")
            .Where(f => File.ReadAllText(f).Contains(name, StringComparison.Ordinal))
            .ToArray();
}
