using DeepScan.Detection.Engine;
using DeepScan.Workflow.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>Builds the <c>deepscan serve</c> web application: Kestrel, the scan API and its background services.
/// </summary>
internal static class ServeApplication
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <param name="urls">Where Kestrel listens; loopback only unless the caller says otherwise.</param>
    /// <param name="configuration">Every setting (storage, events, webhooks, scan, serve); nothing else is read.
    /// </param>
    /// <param name="customize">Last changes before the build, e.g. a test server instead of Kestrel.</param>
    public static WebApplication Create(
        IReadOnlyList<string> urls,
        IConfiguration configuration,
        LogLevel logLevel = LogLevel.Information,
        Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddDeepScanServe(builder.Configuration, logLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // one line per request says nothing new
        // The HTTP client factory logged every webhook attempt, and a failed one with two stack traces; the delivery's
        // own lines say what happened to it.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // A start that fails (a bad setting, a port in use) is reported in one line by the command; the host's own
        // log of it is the same failure with its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        var maxUploadBytes = builder.Configuration.GetSection(ScanRequestOptions.SectionName)
            .Get<ScanRequestOptions>()?.MaxUploadBytes ?? new ScanRequestOptions().MaxUploadBytes;
        const long largest = long.MaxValue - ScanSubmissions.MultipartEnvelopeBytes;
        if (maxUploadBytes is < 1 or > largest)
        {
            // Kestrel refuses a negative body limit with a stack trace, and the envelope added to a huge one overflows.
            throw new OptionsValidationException(ScanRequestOptions.SectionName, typeof(ScanRequestOptions),
                [$"{ScanRequestOptions.SectionName}:MaxUploadBytes must be 1 to {largest}, not {maxUploadBytes}."]);
        }
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxUploadBytes + ScanSubmissions.MultipartEnvelopeBytes;
        });
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<ProblemResponsesMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapScanEndpoints();
        app.Lifetime.ApplicationStopped.Register(() => DisposeEngine(app.Services));
        return app;
    }

    /// <summary>The engine holds native ONNX Runtime sessions; they go once every scan has stopped.</summary>
    private static void DisposeEngine(IServiceProvider services)
    {
        var engine = services.GetRequiredService<Lazy<DetectionEngine>>();
        if (engine.IsValueCreated)
        {
            engine.Value.Dispose();
        }
    }
}
