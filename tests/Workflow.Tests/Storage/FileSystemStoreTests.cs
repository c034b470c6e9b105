using System.Text.Json;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>The store contract against the filesystem stores, each test in a fresh temp root.</summary>
public sealed class FileSystemStoreTests : StoreContractTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("deepscan-store-");
    private readonly StorageOptions _options;

    public FileSystemStoreTests()
    {
        _options = new StorageOptions { RootPath = Path.Combine(_root.FullName, "data") };
        Scans = new FileSystemScanStore(
            Options.Create(_options), TimeProvider.System, NullLogger<FileSystemScanStore>.Instance);
        Videos = new FileSystemVideoStore(Options.Create(_options), NullLogger<FileSystemVideoStore>.Instance);
    }

    protected override IScanStore Scans { get; }

    protected override IVideoStore Videos { get; }

    public void Dispose() => _root.Delete(recursive: true);

    protected override async Task<FailedScan?> ReadFailureAsync(string scanId)
    {
        var path = Path.Combine(_options.RootPath, "failed", scanId + ".json");
        return File.Exists(path)
            ? JsonSerializer.Deserialize(await File.ReadAllBytesAsync(path), StorageJsonContext.Default.FailedScan)
            : null;
    }

    [Fact]
    public async Task VerdictUrlIsAFileUriInsideTheVerdictsFolder()
    {
        var id = StoreSamples.NewScanId();

        var url = new Uri(await Scans.WriteVerdictAsync(id, StoreSamples.Verdict(0.3), Ct));

        Assert.True(url.IsFile);
        Assert.Equal(Path.Combine(_options.RootPath, "verdicts", id + ".json"), url.LocalPath);
    }

    [Fact]
    public async Task EvidenceIsAPngFileAndOneFilePerChunkInTheEvidenceFolder()
    {
        var id = StoreSamples.NewScanId();

        var url = new Uri(await Scans.WriteEvidenceAsync(id, StoreSamples.Sheet(3), Ct));
        await Scans.WriteChunkEvidenceAsync(id, StoreSamples.ChunkEvidence(3), Ct);

        var folder = Path.Combine(_options.RootPath, "evidence");
        Assert.Equal(Path.Combine(folder, id + ".png"), url.LocalPath);
        // Besides the hidden lock files every write takes.
        Assert.Equal(
            [Path.Combine(folder, id, "chunk-000003.json")],
            Directory.GetFiles(Path.Combine(folder, id)).Where(f => !Path.GetFileName(f).StartsWith('.')));
    }

    [Fact]
    public async Task UploadVersionIsTheContentSha256AndResolvesToTheLocalFile()
    {
        await using var file = File.OpenRead(StoreSamples.SharedVideo);

        var stored = await Videos.SaveAsync("celebdf-00279.mp4", file, Ct);
        var video = await Videos.ResolveAsync(stored.Name, Ct);

        Assert.Equal(StoreSamples.SharedVideoSha256, stored.Version);
        Assert.Equal(Path.Combine(_options.RootPath, "uploads", stored.Name), video.Location);
    }

    [Fact]
    public async Task WritesLeaveNoTempFilesBehind()
    {
        var record = StoreSamples.Record(StoreSamples.NewScanId());
        await Scans.TryCreateAsync(record, Ct);
        await Scans.TryCreateAsync(record, Ct);
        await Scans.UpdateAsync(record with { Status = ScanStatus.Running }, Ct);
        await Scans.WriteVerdictAsync(record.Id, StoreSamples.Verdict(0.3), Ct);
        await Scans.WriteVerdictAsync(record.Id, StoreSamples.Verdict(0.3), Ct);
        await Assert.ThrowsAsync<VerdictConflictException>(() =>
            Scans.WriteVerdictAsync(record.Id, StoreSamples.Verdict(0.4), Ct));
        await Videos.SaveAsync("a.mp4", new MemoryStream([1]), Ct);

        var leftovers = Directory.EnumerateFiles(_root.FullName, "*.tmp", SearchOption.AllDirectories);

        Assert.Empty(leftovers);
    }

    [Fact]
    public async Task ARelativeRootIsTakenFromTheWorkingDirectory()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_root.FullName, "rel"));
        var options = Options.Create(new StorageOptions { RootPath = relative });
        var videos = new FileSystemVideoStore(options, NullLogger<FileSystemVideoStore>.Instance);

        var stored = await videos.SaveAsync("b.mp4", new MemoryStream([1]), Ct);

        Assert.True(File.Exists(Path.Combine(_root.FullName, "rel", "uploads", stored.Name)));
    }
}
