using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>
/// A real Azurite blob emulator on a free 127.0.0.1 port, in memory, stopped (with its process tree) on dispose.
/// </summary>
/// <remarks>
/// Free of test-framework types so any test project can compile this file in (e.g. <c>&lt;Compile
/// Include="../Workflow.Tests/Storage/AzuriteProcess.cs" Link="Storage/AzuriteProcess.cs" /&gt;</c>). Azurite
/// picks the port itself (<c>--blobPort 0</c>) and prints it, so there is no race with other processes for it.
/// </remarks>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's fixed development account and its well-known key.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly DirectoryInfo _workspace;

    private AzuriteProcess(Process process, StringBuilder output, DirectoryInfo workspace, int port, bool https)
    {
        _process = process;
        _output = output;
        _workspace = workspace;
        Port = port;
        BlobEndpoint = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{Port}/{AccountName}");
    }

    public int Port { get; }

    /// <summary>The blob endpoint, path-style: <c>http(s)://127.0.0.1:{port}/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>A connection string with the account key, as <c>Storage:ConnectionString</c> takes it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint={BlobEndpoint};";

    /// <summary>What Azurite printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>azurite-blob</c> and waits until it answers.</summary>
    /// <param name="https">Serve https with this certificate and accept OAuth bearer tokens (Azurite's basic
    /// check: issuer, audience and lifetime, no signature); null serves plain http with shared keys and SAS.</param>
    /// <param name="azuriteBlob">The <c>azurite-blob</c> executable; default: the one setup.sh installed.</param>
    public static async Task<AzuriteProcess> StartAsync(
        AzuriteHttps? https = null, string? azuriteBlob = null, CancellationToken ct = default)
    {
        azuriteBlob ??= DefaultExecutable();
        if (!File.Exists(azuriteBlob))
        {
            throw new FileNotFoundException(
                $"Azurite is not installed at '{azuriteBlob}'; run ./setup.sh.", azuriteBlob);
        }

        var workspace = Directory.CreateTempSubdirectory("azurite-");
        var start = new ProcessStartInfo(azuriteBlob)
        {
            WorkingDirectory = workspace.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", "0",
                     "--inMemoryPersistence", "--extentMemoryLimit", "512",
                     "--disableTelemetry", "--silent", "--skipApiVersionCheck", "--loose",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        if (https is not null)
        {
            foreach (var argument in
                     new[] { "--oauth", "basic", "--cert", https.CertificatePem, "--key", https.KeyPem })
            {
                start.ArgumentList.Add(argument);
            }
        }

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"Azurite exited before listening:\n{Snapshot()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = default(AzuriteProcess);
        try
        {
            var port = await listening.Task.WaitAsync(StartTimeout, ct);
            azurite = new AzuriteProcess(process, output, workspace, port, https is not null);
            await azurite.WaitUntilAnsweringAsync(ct);
            return azurite;
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
            else
            {
                Stop(process);
                workspace.Delete(recursive: true);
            }

            throw;
        }

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups["port"].Value));
            }
        }

        string Snapshot()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The repository root: the nearest folder above the running assembly that holds Serverless.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            "Not inside the repository: Serverless.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _workspace.Delete(recursive: true);
    }

    private static string DefaultExecutable() =>
        Path.Combine(RepoRoot(), ".deepscan", "npm", "node_modules", ".bin", "azurite-blob");

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Polls the blob endpoint until Azurite answers HTTP (any status).</summary>
    private async Task WaitUntilAnsweringAsync(CancellationToken ct)
    {
        // Any answer will do, so the probe does not judge the certificate (an https Azurite's is self-signed).
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BlobEndpoint + "?comp=list"), ct);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException
                                       && !ct.IsCancellationRequested
                                       && DateTime.UtcNow < deadline
                                       && !_process.HasExited)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    [GeneratedRegex(@"listens on https?://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>PEM files of the certificate and private key an https Azurite serves.</summary>
public sealed record AzuriteHttps(string CertificatePem, string KeyPem);
