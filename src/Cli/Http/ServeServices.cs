using System.Diagnostics.CodeAnalysis;
using DeepScan.Cli.Hosting;
using DeepScan.Workflow;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>The services of <c>deepscan serve</c>: the local host's workflow, storage, events and engine, plus the
/// background scheduler, the request handlers and the uploads watcher.</summary>
internal static class ServeServices
{
    public static IServiceCollection AddDeepScanServe(
        this IServiceCollection services, IConfiguration configuration, LogLevel logLevel)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new();
        // First, so the storage is claimed before any other service of serve starts.
        if (storage.UsesBlobStorage)
        {
            AddClaim<BlobStorageClaim>(services);
        }
        else
        {
            AddClaim<FileSystemStorageClaim>(services);
        }

        services.AddDeepScanLocal(configuration, logLevel);
        services.AddOptions<ServeOptions>().Bind(configuration.GetSection(ServeOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServeOptions>>(new ProblemsValidation<ServeOptions>(o => o.Problems()));
        services.AddOptions<ScanRequestOptions>().Configure<IServiceProvider>(UploadsContainerUrl);

        services.AddSingleton<ScanStarter>();
        services.AddSingleton<BackgroundScanScheduler>();
        services.AddSingleton<IScanScheduler>(sp => sp.GetRequiredService<BackgroundScanScheduler>());
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundScanScheduler>());
        services.AddSingleton<UploadsInFlight>();
        services.AddSingleton<MultipartScanUpload>();
        services.AddSingleton<ScanSubmissions>();
        services.AddHostedService<WebhookResumption>();

        var serve = configuration.GetSection(ServeOptions.SectionName).Get<ServeOptions>() ?? new();
        if (serve.WatchUploads)
        {
            if (storage.UsesBlobStorage)
            {
                services.AddSingleton<IUploadListing, BlobUploadListing>();
            }
            else
            {
                services.AddSingleton<IUploadListing, FileSystemUploadListing>();
            }

            services.AddHostedService<UploadWatcher>();
        }

        return services;
    }

    private static void AddClaim<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(
        IServiceCollection services)
        where T : class, IServeStorageClaim, IHostedService
    {
        services.AddSingleton<T>();
        services.AddSingleton<IServeStorageClaim>(sp => sp.GetRequiredService<T>());
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }

    /// <summary>With blob storage, a <c>blobUrl</c> may name the uploads container unless one is configured.</summary>
    private static void UploadsContainerUrl(ScanRequestOptions requests, IServiceProvider provider)
    {
        if (requests.UploadsContainerUrl is null && provider.GetService<BlobStorageAccount>() is { } account)
        {
            var container = provider.GetRequiredService<IOptions<StorageOptions>>().Value.UploadsContainer;
            requests.UploadsContainerUrl = account.Service.GetBlobContainerClient(container).Uri.ToString();
        }
    }
}
