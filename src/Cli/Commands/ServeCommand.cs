using System.CommandLine;
using DeepScan.Cli.Hosting;
using DeepScan.Cli.Http;
using DeepScan.Detection.Engine;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Commands;

/// <summary><c>deepscan serve [--urls http://127.0.0.1:7071]</c>: the scan API and the uploads watcher on this
/// machine, configured like every host by <c>Section__Key</c> environment variables.</summary>
internal static class ServeCommand
{
    /// <summary>The server stopped because it was asked to (Ctrl+C, SIGTERM).</summary>
    private const int Stopped = 0;

    private static readonly Option<string[]> Urls = new("--urls")
    {
        Description = $"Where to listen (default {ServeApplication.DefaultUrl}: this machine only).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Command GetCommand()
    {
        var command = new Command("serve", "Serve the scan API (POST /api/scans, GET /api/scans/{id}) locally.")
        {
            Urls,
            ScanCommonOptions.Verbose,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(Urls) is { Length: > 0 } urls ? urls : [ServeApplication.DefaultUrl],
            parse.GetValue(ScanCommonOptions.Verbose),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string[] urls, bool verbose, CancellationToken cancellationToken)
    {
        await using var app = ServeApplication.Create(
            urls, LocalServices.Configuration(), verbose ? LogLevel.Debug : LogLevel.Information);
        try
        {
            _ = app.Services.GetRequiredService<Lazy<DetectionEngine>>().Value; // a setup problem shows now
        }
        catch (Exception ex) when (CommandFailure.IsSetupProblem(ex))
        {
            return CommandFailure.ReportSetupProblem(ex);
        }

        StorageOptions storage;
        try
        {
            // The uploads watcher and the stores would fail inside the start, reported as a failure to listen.
            storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (!storage.UsesBlobStorage
                && OutputPaths.WhyUnwritableFolder(new DirectoryInfo(storage.RootPath), "Storage:RootPath") is { } unusable)
            {
                return CommandFailure.Report(ExitCodes.BadInput, unusable);
            }

            // A wrong account key would otherwise answer every request 500 and log a 403 every few seconds.
            if (storage.UsesBlobStorage
                && await app.Services.GetRequiredService<BlobStorageAccount>()
                    .WhyCredentialsRefusedAsync(storage.UploadsContainer, cancellationToken) is { } refused)
            {
                return CommandFailure.Report(ExitCodes.BadInput, refused);
            }

            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            return CommandFailure.Report(ExitCodes.BadInput, string.Join(" ", ex.Failures));
        }
        catch (StorageInUseException ex)
        {
            return CommandFailure.Report(ExitCodes.StorageInUse, ex.Message);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Storage that answers but refuses what serve needs at start (the scans container cannot be created).
            return CommandFailure.Report(ExitCodes.BadInput, $"storage refused serve's start: {StorageOutage.Describe(ex)}");
        }
        catch (Exception ex) when (ex is IOException or FormatException or System.Net.Sockets.SocketException)
        {
            // A port in use, "--urls notaurl", an address this machine does not have.
            return CommandFailure.Report(ExitCodes.BadInput, $"cannot listen on {string.Join(", ", urls)}: {ex.Message}");
        }

        WarnIfExposed(app);
        await app.WaitForShutdownAsync(cancellationToken);
        return app.Services.GetRequiredService<IServeStorageClaim>().LostReason is { } lost
            ? CommandFailure.Report(ExitCodes.StorageInUse, lost)
            : Stopped;
    }

    private static void WarnIfExposed(WebApplication app)
    {
        var exposed = app.Urls.Where(url => !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback);
        var apiKey = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value.ApiKey;
        if (exposed.Any() && string.IsNullOrEmpty(apiKey))
        {
            app.Logger.LogWarning(
                "Listening beyond this machine ({Urls}) without Serve:ApiKey: anyone who can reach it can scan.",
                string.Join(", ", exposed));
        }
    }
}
