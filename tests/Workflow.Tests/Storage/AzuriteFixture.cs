namespace DeepScan.Workflow.Tests.Storage;

/// <summary>One Azurite for every test class in the <see cref="AzuriteCollection"/>.</summary>
/// <remarks>Tests isolate themselves with containers of their own (<see cref="UniqueContainerSuffix"/>).</remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>A fresh suffix for container names, e.g. <c>uploads-3f9c0a1b</c>.</summary>
    public static string UniqueContainerSuffix() => Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>The xunit collection sharing one <see cref="AzuriteFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
