using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Storage;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void WithoutAnAccountTheFilesystemStoresAreChosen()
    {
        using var services = Build(new() { ["Storage:RootPath"] = "/tmp/deepscan-registration" });

        Assert.IsType<FileSystemScanStore>(services.GetRequiredService<IScanStore>());
        Assert.IsType<FileSystemVideoStore>(services.GetRequiredService<IVideoStore>());
    }

    [Fact]
    public void AConnectionStringChoosesBlobStorageWithTheConfiguredContainers()
    {
        using var services = Build(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:VerdictsContainer"] = "scan-verdicts",
        });

        Assert.IsType<BlobScanStore>(services.GetRequiredService<IScanStore>());
        Assert.IsType<BlobVideoStore>(services.GetRequiredService<IVideoStore>());
        Assert.False(services.GetRequiredService<BlobStorageAccount>().UsesTokenCredential);
        Assert.Equal("scan-verdicts", services.GetRequiredService<IOptions<StorageOptions>>().Value.VerdictsContainer);
    }

    [Fact]
    public void AServiceUriChoosesBlobStorageSignedInWithAToken()
    {
        using var services = Build(new() { ["Storage:ServiceUri"] = "https://deepscan.blob.core.windows.net" });

        var account = services.GetRequiredService<BlobStorageAccount>();

        Assert.True(account.UsesTokenCredential);
        Assert.Equal("deepscan", account.Service.AccountName);
        Assert.IsType<BlobScanStore>(services.GetRequiredService<IScanStore>());
    }

    [Theory]
    [InlineData("Storage:ServiceUri", "https://deepscan.blob.core.windows.net", "both set")]
    [InlineData("Storage:ScansContainer", "Scans", "Storage:ScansContainer 'Scans' is not a container name")]
    [InlineData("Storage:FailedContainer", "verdicts", "5 different names")]
    [InlineData("Storage:EvidenceContainer", "scans", "5 different names")]
    [InlineData("Storage:ReadUrlLifetime", "-00:05:00", "must be positive")]
    public void SettingsThatCannotWorkAreReportedWithTheKeyToFix(string key, string value, string message)
    {
        using var services = Build(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            [key] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IScanStore>());

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=notbase64!!;"
        + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")]
    [InlineData("AccountName=devstoreaccount1")]
    public void AConnectionStringTheSdkRefusesIsReportedWithoutItsKey(string connectionString)
    {
        using var services = Build(new() { ["Storage:ConnectionString"] = connectionString });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IScanStore>());

        Assert.Contains("Storage:ConnectionString is not a usable connection string", error.Message);
        Assert.DoesNotContain("notbase64", error.Message);
    }

    [Theory]
    [InlineData("uploads", true)]
    [InlineData("scan-records-2", true)]
    [InlineData("ab", false)]
    [InlineData("Uploads", false)]
    [InlineData("-uploads", false)]
    [InlineData("uploads-", false)]
    [InlineData("up--loads", false)]
    [InlineData("up_loads", false)]
    [InlineData("../x", false)]
    public void ContainerNamesFollowAzureRules(string name, bool valid) =>
        Assert.Equal(valid, StorageOptionsValidation.IsContainerName(name));

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddScanStorage(configuration).BuildServiceProvider();
    }
}
