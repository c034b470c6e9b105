using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>
/// The managed-identity path: a blob store signed in with a token (no account key) hands out user-delegation
/// read URLs. Runs its own Azurite with https and OAuth, which bearer tokens require.
/// </summary>
public sealed class BlobUserDelegationTests : IAsyncLifetime
{
    private readonly LoopbackCertificate _certificate = new();
    private AzuriteProcess? _azurite;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(_certificate.Files);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task ATokenSignedStoreResolvesToAUserDelegationUrlThatPlainHttpsCanRead()
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(_certificate.PinnedHandler()) };
        var service = new BlobServiceClient(_azurite!.BlobEndpoint, new UnsignedTokenCredential(), options);
        var videos = new BlobVideoStore(
            new BlobStorageAccount(service, UsesTokenCredential: true),
            Options.Create(new StorageOptions { ServiceUri = _azurite.BlobEndpoint }),
            TimeProvider.System,
            NullLogger<BlobVideoStore>.Instance);
        var stored = await videos.SaveAsync("clip.mp4", new MemoryStream([3, 1, 4, 1, 5]), CancellationToken.None);

        var video = await videos.ResolveAsync(stored.Name, CancellationToken.None);

        var sas = new BlobUriBuilder(new Uri(video.Location)).Sas;
        Assert.Equal(UnsignedTokenCredential.ObjectId, sas.KeyObjectId);
        Assert.Equal("r", sas.Permissions);
        using var http = new HttpClient(_certificate.PinnedHandler());
        Assert.Equal([3, 1, 4, 1, 5], await http.GetByteArrayAsync(video.Location));
    }
}
