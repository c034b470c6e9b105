namespace DeepScan.Cli.Tests.Http;

/// <summary>One in-memory host with default settings (filesystem store) for a whole test class.</summary>
public sealed class ServeHostFixture : IAsyncLifetime
{
    private ServeHost? _host;

    internal ServeHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    internal ScanApi Api => new(Host.Client);

    public async Task InitializeAsync() => _host = await ServeHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
