using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>Registers <see cref="IScanStore"/> and <see cref="IVideoStore"/> from the <c>Storage</c> section.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Blob storage when <c>Storage:ConnectionString</c> or <c>Storage:ServiceUri</c> is set (a registered
    /// <see cref="TokenCredential"/> is used with the URI, else DefaultAzureCredential); the filesystem under
    /// <c>Storage:RootPath</c> otherwise. Settings are validated when the stores are first resolved.
    /// </summary>
    public static IServiceCollection AddScanStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.SectionName);
        var configured = ValidatedOptions.Add<StorageOptions, StorageOptionsValidation>(
            services.AddOptions<StorageOptions>().Bind(section), section.Get<StorageOptions>());
        services.TryAddSingleton(TimeProvider.System);
        if (configured.UsesBlobStorage)
        {
            services.TryAddSingleton(provider => BlobStorageAccount.Connect(
                provider.GetRequiredService<IOptions<StorageOptions>>().Value, provider.GetService<TokenCredential>()));
            services.TryAddSingleton<IScanStore, BlobScanStore>();
            services.TryAddSingleton<IVideoStore, BlobVideoStore>();
        }
        else
        {
            services.TryAddSingleton<IScanStore, FileSystemScanStore>();
            services.TryAddSingleton<IVideoStore, FileSystemVideoStore>();
        }

        return services;
    }
}
