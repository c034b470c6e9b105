using System.Diagnostics;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using DeepScan.Cli.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepScan.Cli.Tests.Http;

/// <summary>One <c>deepscan serve</c> per storage: a second one on the same folder or blob account is refused at
/// start, and one that loses its blob lease to another stops.</summary>
public sealed class ServeStorageClaimTests
{
    private const string ShortLease = "00:00:15"; // the shortest blob lease

    [Fact]
    public async Task ASecondServeOnTheSameFolderIsRefusedUntilTheFirstStops()
    {
        var root = Directory.CreateTempSubdirectory("deepscan-claim-");
        try
        {
            await using (await ServeHost.StartAsync(root: root))
            {
                var refused = await Assert.ThrowsAsync<StorageInUseException>(() => ServeHost.StartAsync(root: root));
                Assert.Contains(root.FullName, refused.Message);
                Assert.Contains("One serve per storage", refused.Message);
            }

            await using var next = await ServeHost.StartAsync(root: root);
            Assert.Null(next.Services.GetRequiredService<IServeStorageClaim>().LostReason);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ASecondServeOnTheSameBlobAccountWaitsOutTheLeaseThenIsRefusedAndStartsAtOnceOnceTheFirstStops()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var settings = Settings(azurite);
        await using (await ServeHost.StartAsync(settings))
        {
            var clock = Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<StorageInUseException>(() => ServeHost.StartAsync(settings));
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60)); // a crashed serve's lease would have run out
            Assert.Contains($"{new StorageOptions().ScansContainer}/{BlobStorageClaim.BlobName}", refused.Message);
        }

        var restart = Stopwatch.StartNew();
        await using var next = await ServeHost.StartAsync(settings);
        Assert.True(restart.Elapsed < TimeSpan.FromSeconds(15), $"{restart.Elapsed}: the stopped serve kept its lease");
    }

    [Fact]
    public async Task AServeWhoseLeaseAnotherTakesStopsAndSaysWhy()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var host = await ServeHost.StartAsync(Settings(azurite));
        var stopped = new TaskCompletionSource();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopped.TrySetResult());

        // What a second serve does once the first's lease has run out during a long outage.
        var blob = new BlobServiceClient(azurite.ConnectionString)
            .GetBlobContainerClient(new StorageOptions().ScansContainer).GetBlobClient(BlobStorageClaim.BlobName);
        await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        await blob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(60));

        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("another deepscan serve took this storage", host.Services.GetRequiredService<IServeStorageClaim>().LostReason);
    }

    private static Dictionary<string, string?> Settings(AzuriteProcess azurite) => new()
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Serve:StorageLease"] = ShortLease,
    };
}
