using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Http;

/// <summary>What a status read shows for each state of a stored scan, its verdict deleted by hand included.</summary>
public sealed class ScanStatusResponseTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("deepscan-status-");
    private readonly FileSystemScanStore _scans;

    public ScanStatusResponseTests() => _scans = new FileSystemScanStore(
        Options.Create(new StorageOptions { RootPath = Path.Combine(_root.FullName, "data") }),
        TimeProvider.System,
        NullLogger<FileSystemScanStore>.Instance);

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task ACompletedScanShowsItsVerdictAndNoError()
    {
        var id = await StoreScanAsync(ScanStatus.Completed, withVerdict: true);

        var status = await ScanStatusResponse.ReadAsync(_scans, id, Ct);

        Assert.Equal(0.8, status!.Verdict!.FakeProbability);
        Assert.Null(status.Error);
        Assert.DoesNotContain("\"error\"", WorkflowJson.Serialize(status));
    }

    [Fact]
    public async Task ACompletedScanWhoseVerdictWasDeletedSaysSoInsteadOfShowingNothing()
    {
        var id = await StoreScanAsync(ScanStatus.Completed, withVerdict: true);
        var record = await _scans.GetAsync(id, Ct);
        File.Delete(new Uri(record!.VerdictUrl!).LocalPath);

        var status = await ScanStatusResponse.ReadAsync(_scans, id, Ct);

        Assert.Equal(ScanStatus.Completed, status!.Status);
        Assert.Null(status.Verdict);
        Assert.Contains("no longer in storage", status.Error);
        Assert.DoesNotContain(_root.FullName, status.Error); // no place in the server's storage
        Assert.Contains("upload it under another name", status.Error);
        Assert.Contains("\"error\":", WorkflowJson.Serialize(status));
    }

    [Fact]
    public async Task AScanThatFailedBeforeItHadAVerdictGivesItsReason()
    {
        var id = await StoreScanAsync(ScanStatus.Failed, withVerdict: false, error: "Chunk 0 could not be scored.");

        var status = await ScanStatusResponse.ReadAsync(_scans, id, Ct);

        Assert.Null(status!.Verdict);
        Assert.Equal("Chunk 0 could not be scored.", status.Error);
    }

    [Fact]
    public async Task AScanStillRunningShowsNeitherVerdictNorErrorEvenOnceItsVerdictIsWritten()
    {
        var id = await StoreScanAsync(ScanStatus.Running, withVerdict: true);

        var status = await ScanStatusResponse.ReadAsync(_scans, id, Ct);

        Assert.Equal("{\"id\":\"" + id + "\",\"status\":\"running\"}", WorkflowJson.Serialize(status!));
    }

    private async Task<string> StoreScanAsync(ScanStatus status, bool withVerdict, string? error = null)
    {
        var id = StoreSamples.NewScanId();
        var url = withVerdict ? await _scans.WriteVerdictAsync(id, StoreSamples.Verdict(0.8), Ct) : null;
        Assert.True(await _scans.TryCreateAsync(
            StoreSamples.Record(id) with { Status = status, VerdictUrl = url, Error = error }, Ct));
        return id;
    }
}
