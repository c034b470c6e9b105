using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>A wrong account key is told apart from storage that is down: the first is a setting to fix.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobCredentialCheckTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AWrongAccountKeyIsRefusedWithTheSettingToFix()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var account = Connect(azurite.ConnectionString.Replace(AzuriteProcess.AccountKey, wrongKey));

        var refused = await account.WhyCredentialsRefusedAsync("uploads", CancellationToken.None);

        Assert.NotNull(refused);
        Assert.Contains("refused this server's credentials", refused);
        Assert.Contains("Storage:ConnectionString", refused);
        Assert.DoesNotContain(wrongKey, refused);
    }

    [Fact]
    public async Task TheRightKeyAndStorageThatIsDownAreNotRefusals()
    {
        Assert.Null(await Connect(azurite.ConnectionString)
            .WhyCredentialsRefusedAsync("uploads", CancellationToken.None));
        var down = azurite.ConnectionString.Replace($":{azurite.Azurite.Port}/", $":{LoopbackPorts.Closed()}/");
        Assert.Null(await Connect(down).WhyCredentialsRefusedAsync("uploads", CancellationToken.None));
    }

    private static BlobStorageAccount Connect(string connectionString) =>
        BlobStorageAccount.Connect(new StorageOptions { ConnectionString = connectionString });
}
