using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>The store contract against the blob stores on a real Azurite, each test in containers of its own.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobStoreTests : StoreContractTests, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly StorageOptions _options;
    private readonly BlobServiceClient _service;
    private readonly DirectoryInfo _downloads = Directory.CreateTempSubdirectory("deepscan-downloads-");

    public BlobStoreTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        var suffix = AzuriteFixture.UniqueContainerSuffix();
        _options = new StorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            UploadsContainer = "uploads-" + suffix,
            VerdictsContainer = "verdicts-" + suffix,
            ScansContainer = "scans-" + suffix,
            FailedContainer = "failed-" + suffix,
            EvidenceContainer = "evidence-" + suffix,
            DownloadPath = _downloads.FullName,
        };
        var account = BlobStorageAccount.Connect(_options);
        _service = account.Service;
        Scans = new BlobScanStore(
            account, Options.Create(_options), TimeProvider.System, NullLogger<BlobScanStore>.Instance);
        Videos = VideoStore(account);
    }

    protected override IScanStore Scans { get; }

    protected override IVideoStore Videos { get; }

    public void Dispose() => _downloads.Delete(recursive: true);

    protected override async Task<FailedScan?> ReadFailureAsync(string scanId)
    {
        var blob = _service.GetBlobContainerClient(_options.FailedContainer).GetBlobClient(scanId + ".json");
        if (!await blob.ExistsAsync(Ct))
        {
            return null;
        }

        var content = (await blob.DownloadContentAsync(Ct)).Value.Content;
        return content.ToObjectFromJson(StorageJsonContext.Default.FailedScan);
    }

    [Fact]
    public async Task VerdictUrlIsTheBlobUrlInTheVerdictsContainer()
    {
        var id = StoreSamples.NewScanId();

        var url = await Scans.WriteVerdictAsync(id, StoreSamples.Verdict(0.3), Ct);

        Assert.Equal($"{_azurite.Azurite.BlobEndpoint}/{_options.VerdictsContainer}/{id}.json", url);
    }

    [Fact]
    public async Task EvidenceIsTheSheetBlobAndOneBlobPerChunkInTheEvidenceContainer()
    {
        var id = StoreSamples.NewScanId();

        var url = await Scans.WriteEvidenceAsync(id, StoreSamples.Sheet(3), Ct);
        await Scans.WriteChunkEvidenceAsync(id, StoreSamples.ChunkEvidence(3), Ct);

        Assert.Equal($"{_azurite.Azurite.BlobEndpoint}/{_options.EvidenceContainer}/{id}.png", url);
        var names = new List<string>();
        var blobs = _service.GetBlobContainerClient(_options.EvidenceContainer)
            .GetBlobsAsync(BlobTraits.None, BlobStates.None, id, Ct);
        await foreach (var blob in blobs)
        {
            names.Add(blob.Name);
        }

        Assert.Equal([$"{id}.png", $"{id}/chunk-000003.json"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UploadVersionIsTheBlobETagWithoutQuotes()
    {
        var stored = await Videos.SaveAsync("a.mp4", new MemoryStream([1, 2]), Ct);

        var properties = await _service.GetBlobContainerClient(_options.UploadsContainer)
            .GetBlobClient(stored.Name).GetPropertiesAsync(cancellationToken: Ct);

        Assert.Equal(properties.Value.ETag.ToString().Trim('"'), stored.Version);
        Assert.DoesNotContain('"', stored.Version);
    }

    [Fact]
    public async Task ResolvedUrlIsAReadOnlySasThatExpiresAsConfigured()
    {
        var stored = await Videos.SaveAsync("a.mp4", new MemoryStream([1, 2]), Ct);

        var url = new Uri((await Videos.ResolveAsync(stored.Name, Ct)).Location);

        var sas = new BlobUriBuilder(url).Sas;
        Assert.Equal("r", sas.Permissions);
        Assert.InRange(sas.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task WithoutAnAccountKeyTheVideoIsDownloadedOnceToALocalFile()
    {
        var stored = await Videos.SaveAsync("clip.mp4", new MemoryStream([5, 6, 7]), Ct);
        var sasOnly = _service.GenerateAccountSasUri(
            AccountSasPermissions.Read | AccountSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1),
            AccountSasResourceTypes.All);
        var videos = VideoStore(new BlobStorageAccount(new BlobServiceClient(sasOnly), UsesTokenCredential: false));

        var first = await videos.ResolveAsync(stored.Name, Ct);
        var second = await videos.ResolveAsync(stored.Name, Ct);

        Assert.False(first.IsRemote);
        Assert.StartsWith(_downloads.FullName, first.Location);
        Assert.EndsWith(".mp4", first.Location);
        Assert.Equal(first, second);
        Assert.Equal([5, 6, 7], await ReadAllAsync(first));
        Assert.Equal("clip.mp4", first.DisplayName);
    }

    private BlobVideoStore VideoStore(BlobStorageAccount account) =>
        new(account, Options.Create(_options), TimeProvider.System, NullLogger<BlobVideoStore>.Instance);
}
