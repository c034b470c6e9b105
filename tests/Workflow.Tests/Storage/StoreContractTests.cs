using System.Diagnostics;
using System.Security.Cryptography;
using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>
/// The contract of <see cref="IScanStore"/> and <see cref="IVideoStore"/>, written once and run against every
/// implementation by a subclass that supplies fresh, isolated stores.
/// </summary>
public abstract class StoreContractTests
{
    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract IScanStore Scans { get; }

    protected abstract IVideoStore Videos { get; }

    /// <summary>What <see cref="IScanStore.RecordFailureAsync"/> kept, read straight from the storage.</summary>
    protected abstract Task<FailedScan?> ReadFailureAsync(string scanId);

    public static TheoryData<string> HostileScanIds =>
    [
        "", "scan", "../scan-0123456789abcdef0123456789abcdef", "scan-0123456789abcdef0123456789abcdef/../../x",
        "scan-0123456789ABCDEF0123456789ABCDEF", "scan-0123456789abcdef0123456789abcde", "/etc/passwd",
        "scan-..%2f..%2f0123456789abcdef01234567", "scan-0123456789abcdef0123456789abcdef\n",
    ];

    public static TheoryData<string> HostileVideoNames =>
    [
        "", "../x.mp4", "a/../../b.mp4", "/etc/passwd", "a//b.mp4", "./a.mp4", ".hidden.mp4", "a/.git/config",
        "x/", "a\\..\\b.mp4", "a\u0000b.mp4", "a\nb.mp4", "clip%2F..%2Fx.mp4", " padded.mp4", "vidéo.mp4",
        new string('a', BlobNames.MaxLength + 1),
    ];

    [Fact]
    public async Task CreatedRecordReadsBackUnchanged()
    {
        var record = StoreSamples.Record(StoreSamples.NewScanId());

        Assert.True(await Scans.TryCreateAsync(record, Ct));

        Assert.Equal(StoreSamples.Json(record), StoreSamples.Json(await Scans.GetAsync(record.Id, Ct)));
    }

    [Fact]
    public async Task EveryRecordIsListedByItsIdAndNothingElseIs()
    {
        var (first, second) = (StoreSamples.NewScanId(), StoreSamples.NewScanId());
        await Scans.TryCreateAsync(StoreSamples.Record(first), Ct);
        await Scans.TryCreateAsync(StoreSamples.Record(second), Ct);
        var verdictOnly = StoreSamples.NewScanId();
        await Scans.WriteVerdictAsync(verdictOnly, StoreSamples.Verdict(0.7), Ct);

        var listed = await Scans.ListScanIdsAsync(Ct).ToListAsync(Ct);

        Assert.Contains(first, listed);
        Assert.Contains(second, listed);
        Assert.DoesNotContain(verdictOnly, listed);
        Assert.All(listed, id => Assert.True(ScanIds.IsValid(id), id));
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task SecondCreateOfSameIdReturnsFalseAndKeepsTheFirst()
    {
        var first = StoreSamples.Record(StoreSamples.NewScanId());
        await Scans.TryCreateAsync(first, Ct);

        var created = await Scans.TryCreateAsync(first with { Status = ScanStatus.Running }, Ct);

        Assert.False(created);
        Assert.Equal(ScanStatus.Pending, (await Scans.GetAsync(first.Id, Ct))!.Status);
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneIdLetExactlyOneWin()
    {
        var id = StoreSamples.NewScanId();
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Scans.TryCreateAsync(StoreSamples.Record(id) with { VideoVersion = $"v{i}" }, Ct)));

        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(created => created));
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"v{winner}", (await Scans.GetAsync(id, Ct))!.VideoVersion);
    }

    [Fact]
    public async Task MissingRecordIsNull() => Assert.Null(await Scans.GetAsync(StoreSamples.NewScanId(), Ct));

    [Fact]
    public async Task UpdateReplacesTheRecord()
    {
        var record = StoreSamples.Record(StoreSamples.NewScanId());
        await Scans.TryCreateAsync(record, Ct);
        var done = record with { Status = ScanStatus.Completed, VerdictUrl = "https://example.test/v.json" };

        await Scans.UpdateAsync(done, Ct);

        Assert.Equal(StoreSamples.Json(done), StoreSamples.Json(await Scans.GetAsync(record.Id, Ct)));
    }

    [Fact]
    public async Task UpdateOfAScanWithoutRecordThrowsScanNotFound()
    {
        var record = StoreSamples.Record(StoreSamples.NewScanId());

        var error = await Assert.ThrowsAsync<ScanNotFoundException>(() => Scans.UpdateAsync(record, Ct));

        Assert.Equal(record.Id, error.ScanId);
        Assert.Null(await Scans.GetAsync(record.Id, Ct));
    }

    [Fact]
    public async Task ConcurrentChangesAreAllKept()
    {
        var record = StoreSamples.Record(StoreSamples.NewScanId()) with { Deliveries = [] };
        await Scans.TryCreateAsync(record, Ct);
        var urls = Enumerable.Range(0, 8).Select(i => $"https://example.test/hook/{i}").ToArray();

        await Task.WhenAll(urls.Select(url => Task.Run(() => Scans.UpdateAsync(
            record.Id,
            current =>
            {
                Thread.Sleep(5); // widens the read-to-write window, as slow work between them would
                return current with { Deliveries = [.. current.Deliveries!, new(url, true, 1, 200, null)] };
            },
            Ct))));

        var stored = await Scans.GetAsync(record.Id, Ct);
        Assert.Equal(urls.Order(), stored!.Deliveries!.Select(d => d.Url).Order());
    }

    [Fact]
    public async Task ChangeThatMovesTheRecordToAnotherIdIsRefused()
    {
        var record = StoreSamples.Record(StoreSamples.NewScanId());
        await Scans.TryCreateAsync(record, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Scans.UpdateAsync(record.Id, current => current with { Id = StoreSamples.NewScanId() }, Ct));

        Assert.Equal(StoreSamples.Json(record), StoreSamples.Json(await Scans.GetAsync(record.Id, Ct)));
    }

    [Fact]
    public async Task VerdictReadsBackUnchangedFromAUrlNamingTheScan()
    {
        var id = StoreSamples.NewScanId();
        var verdict = StoreSamples.Verdict(0.87);

        var url = await Scans.WriteVerdictAsync(id, verdict, Ct);

        Assert.EndsWith($"/{id}.json", url);
        Assert.True(Uri.IsWellFormedUriString(url, UriKind.Absolute));
        Assert.Equal(StoreSamples.Json(verdict), StoreSamples.Json(await Scans.ReadVerdictAsync(id, Ct)));
    }

    [Fact]
    public async Task WritingTheSameVerdictAgainSucceedsWithTheSameUrl()
    {
        var id = StoreSamples.NewScanId();
        var first = await Scans.WriteVerdictAsync(id, StoreSamples.Verdict(0.87), Ct);

        var second = await Scans.WriteVerdictAsync(id, StoreSamples.Verdict(0.87), Ct);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ADifferentVerdictNeverOverwritesTheFirst()
    {
        var id = StoreSamples.NewScanId();
        await Scans.WriteVerdictAsync(id, StoreSamples.Verdict(0.87), Ct);

        var error = await Assert.ThrowsAsync<VerdictConflictException>(() =>
            Scans.WriteVerdictAsync(id, StoreSamples.Verdict(0.12), Ct));

        Assert.Equal(id, error.ScanId);
        Assert.Equal(0.87, (await Scans.ReadVerdictAsync(id, Ct))!.FakeProbability);
    }

    [Fact]
    public async Task ConcurrentDifferentVerdictsLeaveExactlyOneStored()
    {
        var id = StoreSamples.NewScanId();
        var writes = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Scans.WriteVerdictAsync(id, StoreSamples.Verdict(i / 10.0), Ct);
                return i;
            }
            catch (VerdictConflictException)
            {
                return -1;
            }
        }));

        var winners = (await Task.WhenAll(writes)).Where(i => i >= 0).ToArray();

        var winner = Assert.Single(winners);
        Assert.Equal(winner / 10.0, (await Scans.ReadVerdictAsync(id, Ct))!.FakeProbability);
    }

    [Fact]
    public async Task MissingVerdictIsNull() => Assert.Null(await Scans.ReadVerdictAsync(StoreSamples.NewScanId(), Ct));

    [Fact]
    public async Task ChunkEvidenceReadsBackUnchangedInChunkOrder()
    {
        var id = StoreSamples.NewScanId();
        var chunks = new[] { 12, 0, 3 }.Select(i => StoreSamples.ChunkEvidence(i)).ToArray();

        await Task.WhenAll(chunks.Select(c => Scans.WriteChunkEvidenceAsync(id, c, Ct)));

        var stored = await Scans.ReadChunkEvidenceAsync(id, Ct);
        Assert.Equal(
            chunks.OrderBy(c => c.ChunkIndex).Select(StoreSamples.Json), stored.Select(StoreSamples.Json));
        Assert.Empty(await Scans.ReadChunkEvidenceAsync(StoreSamples.NewScanId(), Ct));
    }

    [Fact]
    public async Task ChunkEvidenceIsWriteOnce()
    {
        var id = StoreSamples.NewScanId();
        await Scans.WriteChunkEvidenceAsync(id, StoreSamples.ChunkEvidence(4), Ct);

        await Scans.WriteChunkEvidenceAsync(id, StoreSamples.ChunkEvidence(4), Ct); // a retried activity
        var error = await Assert.ThrowsAsync<EvidenceConflictException>(() =>
            Scans.WriteChunkEvidenceAsync(id, StoreSamples.ChunkEvidence(4, seed: 1), Ct));

        Assert.Equal(id, error.ScanId);
        var stored = Assert.Single(await Scans.ReadChunkEvidenceAsync(id, Ct));
        Assert.Equal(StoreSamples.Json(StoreSamples.ChunkEvidence(4)), StoreSamples.Json(stored));
    }

    [Fact]
    public async Task EvidenceSheetReadsBackUnchangedFromAUrlNamingTheScan()
    {
        var id = StoreSamples.NewScanId();

        var url = await Scans.WriteEvidenceAsync(id, StoreSamples.Sheet(1), Ct);

        Assert.EndsWith($"/{id}.png", url);
        Assert.True(Uri.IsWellFormedUriString(url, UriKind.Absolute));
        Assert.Equal(StoreSamples.Sheet(1), await Scans.ReadEvidenceAsync(id, Ct));
        Assert.Null(await Scans.ReadEvidenceAsync(StoreSamples.NewScanId(), Ct));
    }

    [Fact]
    public async Task ASheetIsWriteOnceAndADifferentOneNeverOverwritesTheFirst()
    {
        var id = StoreSamples.NewScanId();
        var first = await Scans.WriteEvidenceAsync(id, StoreSamples.Sheet(1), Ct);

        var again = await Scans.WriteEvidenceAsync(id, StoreSamples.Sheet(1), Ct);
        var error = await Assert.ThrowsAsync<EvidenceConflictException>(() =>
            Scans.WriteEvidenceAsync(id, StoreSamples.Sheet(2), Ct));

        Assert.Equal((first, id), (again, error.ScanId));
        Assert.Equal(StoreSamples.Sheet(1), await Scans.ReadEvidenceAsync(id, Ct));
    }

    [Fact]
    public async Task ConcurrentDifferentSheetsLeaveExactlyOneStored()
    {
        var id = StoreSamples.NewScanId();
        var writes = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Scans.WriteEvidenceAsync(id, StoreSamples.Sheet(i), Ct);
                return i;
            }
            catch (EvidenceConflictException)
            {
                return -1;
            }
        }));

        var winners = (await Task.WhenAll(writes)).Where(i => i >= 0).ToArray();

        Assert.Equal(StoreSamples.Sheet(Assert.Single(winners)), await Scans.ReadEvidenceAsync(id, Ct));
    }

    [Fact]
    public async Task FailureIsKeptWithItsReasonAndTheRecord()
    {
        var record = StoreSamples.Record(StoreSamples.NewScanId());
        await Scans.TryCreateAsync(record, Ct);

        await Scans.RecordFailureAsync(record.Id, "ffprobe: moov atom not found", Ct);

        var failure = await ReadFailureAsync(record.Id);
        Assert.NotNull(failure);
        Assert.Equal(record.Id, failure.ScanId);
        Assert.Equal("ffprobe: moov atom not found", failure.Reason);
        Assert.Equal(StoreSamples.Json(record), StoreSamples.Json(failure.Record));
    }

    [Fact]
    public async Task FailureOfAScanWithoutRecordIsKeptToo()
    {
        var id = StoreSamples.NewScanId();

        await Scans.RecordFailureAsync(id, "poison message", Ct);

        var failure = await ReadFailureAsync(id);
        Assert.Equal("poison message", failure?.Reason);
        Assert.Null(failure?.Record);
    }

    [Theory]
    [MemberData(nameof(HostileScanIds))]
    public async Task EveryOperationRejectsAnIdThatIsNotAScanId(string scanId)
    {
        var record = StoreSamples.Record(scanId);

        await Assert.ThrowsAsync<InvalidScanIdException>(() => Scans.TryCreateAsync(record, Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() => Scans.GetAsync(scanId, Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() => Scans.UpdateAsync(record, Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() =>
            Scans.WriteVerdictAsync(scanId, StoreSamples.Verdict(0.5), Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() => Scans.ReadVerdictAsync(scanId, Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() => Scans.RecordFailureAsync(scanId, "x", Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() =>
            Scans.WriteChunkEvidenceAsync(scanId, StoreSamples.ChunkEvidence(0), Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() => Scans.ReadChunkEvidenceAsync(scanId, Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() =>
            Scans.WriteEvidenceAsync(scanId, StoreSamples.Sheet(0), Ct));
        await Assert.ThrowsAsync<InvalidScanIdException>(() => Scans.ReadEvidenceAsync(scanId, Ct));
    }

    [Fact]
    public async Task UploadGetsAUniqueSafeNameAndReadsBackItsProperties()
    {
        var content = RandomNumberGenerator.GetBytes(70_000);

        var stored = await Videos.SaveAsync("holiday clip (1).mp4", new MemoryStream(content), Ct);

        Assert.Matches("^[0-9a-f]{32}/holiday clip \\(1\\)\\.mp4$", stored.Name);
        Assert.Equal(content.Length, stored.Bytes);
        Assert.False(string.IsNullOrEmpty(stored.Version));
        Assert.Equal(stored, await Videos.GetAsync(stored.Name, Ct));
        Assert.Equal(content, await ReadAllAsync(await Videos.ResolveAsync(stored.Name, Ct)));
    }

    [Fact]
    public async Task UploadsOfOneFileNameNeverReplaceEachOther()
    {
        var first = await Videos.SaveAsync("clip.mp4", new MemoryStream([1, 2, 3]), Ct);

        var second = await Videos.SaveAsync("clip.mp4", new MemoryStream([4, 5, 6, 7]), Ct);

        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal([1, 2, 3], await ReadAllAsync(await Videos.ResolveAsync(first.Name, Ct)));
        Assert.Equal([4, 5, 6, 7], await ReadAllAsync(await Videos.ResolveAsync(second.Name, Ct)));
    }

    [Fact]
    public async Task ADiscardedUploadIsGoneAndItsNeighboursStay()
    {
        var kept = await Videos.SaveAsync("clip.mp4", new MemoryStream([1, 2, 3]), Ct);
        var refused = await Videos.SaveAsync("clip.mp4", new MemoryStream([4, 5, 6]), Ct);

        await Videos.DiscardAsync(refused, Ct);
        await Videos.DiscardAsync(refused, Ct); // gone already: nothing to do

        Assert.Null(await Videos.GetAsync(refused.Name, Ct));
        Assert.Equal(kept, await Videos.GetAsync(kept.Name, Ct));
    }

    [Fact]
    public async Task AHostileUploadFileNameIsReducedToASafeName()
    {
        var stored = await Videos.SaveAsync("../../etc/passwd\u0000.mp4", new MemoryStream([9]), Ct);

        Assert.Matches("^[0-9a-f]{32}/passwd\\.mp4$", stored.Name);
        Assert.Equal([9], await ReadAllAsync(await Videos.ResolveAsync(stored.Name, Ct)));
    }

    [Fact]
    public async Task MissingVideoIsNullAndCannotBeResolved()
    {
        var name = $"{Guid.NewGuid():N}/missing.mp4";

        Assert.Null(await Videos.GetAsync(name, Ct));
        var error = await Assert.ThrowsAsync<VideoNotFoundException>(() => Videos.ResolveAsync(name, Ct));
        Assert.Contains(name, error.Message);
    }

    [Theory]
    [MemberData(nameof(HostileVideoNames))]
    public async Task HostileVideoNamesAreRejected(string name)
    {
        await Assert.ThrowsAsync<InvalidBlobNameException>(() => Videos.GetAsync(name, Ct));
        await Assert.ThrowsAsync<InvalidBlobNameException>(() => Videos.ResolveAsync(name, Ct));
    }

    [Fact]
    public async Task FfprobeReadsTheResolvedVideo()
    {
        await using var file = File.OpenRead(StoreSamples.SharedVideo);
        var stored = await Videos.SaveAsync("celebdf-00279.mp4", file, Ct);

        var video = await Videos.ResolveAsync(stored.Name, Ct);

        Assert.Equal("celebdf-00279.mp4", video.DisplayName);
        Assert.Equal("298,298", await FfprobeSizeAsync(video.Location));
    }

    /// <summary>The video's bytes, from its URL or its path, as ffmpeg would get them.</summary>
    protected static async Task<byte[]> ReadAllAsync(VideoRef video)
    {
        if (!video.IsRemote)
        {
            return await File.ReadAllBytesAsync(video.Location, Ct);
        }

        using var http = new HttpClient();
        return await http.GetByteArrayAsync(video.Location, Ct);
    }

    private static async Task<string> FfprobeSizeAsync(string location)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0",
                     location,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var ffprobe = Process.Start(start)!;
        var output = ffprobe.StandardOutput.ReadToEndAsync(Ct);
        var errors = ffprobe.StandardError.ReadToEndAsync(Ct);
        await ffprobe.WaitForExitAsync(Ct);
        Assert.True(ffprobe.ExitCode == 0, await errors);
        return (await output).Trim();
    }
}
