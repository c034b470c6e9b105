using DeepScan.Cli.Http;
using DeepScan.Workflow.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Tests.Http;

/// <summary>
/// The <c>deepscan serve</c> application as <see cref="ServeApplication.Create"/> builds it, in memory (TestServer)
/// or on a real Kestrel at a free 127.0.0.1 port, with a filesystem store in a temp folder unless told otherwise.
/// </summary>
/// <remarks>
/// TestServer is attached to the very application the command runs rather than through WebApplicationFactory,
/// whose entry-point interception would have to drive the System.CommandLine verb.
/// </remarks>
internal sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _root;
    private readonly bool _ownsRoot;

    private ServeHost(WebApplication app, DirectoryInfo root, bool ownsRoot, HttpClient client)
    {
        _app = app;
        _root = root;
        _ownsRoot = ownsRoot;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The filesystem store's root (its <c>uploads</c>, <c>scans</c>, <c>verdicts</c> folders).</summary>
    public string RootPath => _root.FullName;

    public string UploadsPath => Path.Combine(RootPath, "uploads");

    public IScanStore Scans => Services.GetRequiredService<IScanStore>();

    /// <summary>Settings every test host starts from: small scans, a quick uploads watcher.</summary>
    public static Dictionary<string, string?> Defaults(string root) => new()
    {
        ["Storage:RootPath"] = root,
        ["Scan:FramesPerVideo"] = "8",
        ["Scan:FramesPerChunk"] = "4",
        ["Serve:UploadPollInterval"] = "00:00:00.500",
        ["Serve:UploadStableFor"] = "00:00:00.300",
    };

    /// <param name="settings">Laid over <see cref="Defaults"/>.</param>
    /// <param name="kestrel">Listen on a real socket instead of in memory.</param>
    /// <param name="root">The store's root, kept when the host stops (a host started again on it); by default a
    /// temp folder of its own, deleted then.</param>
    public static async Task<ServeHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false, DirectoryInfo? root = null)
    {
        var ownsRoot = root is null;
        root ??= Directory.CreateTempSubdirectory("deepscan-serve-");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Defaults(root.FullName))
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var app = ServeApplication.Create(
            kestrel ? ["http://127.0.0.1:0"] : [],
            configuration,
            LogLevel.Warning,
            kestrel ? null : builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        var client = kestrel
            ? new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) }
            : app.GetTestClient();
        return new ServeHost(app, root, ownsRoot, client);
    }

    /// <summary>Waits for a scan's last step: the webhook outcomes written to its record.</summary>
    public Task<ScanRecord> DeliveriesRecordedAsync(string scanId) =>
        Poll.UntilAsync(
            async () => await Scans.GetAsync(scanId, CancellationToken.None) is { Deliveries: not null } record
                ? record
                : null,
            $"the webhook outcome of scan {scanId}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsRoot)
        {
            _root.Delete(recursive: true);
        }
    }
}
