using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>Rejects storage settings that could not work, naming the key to fix.</summary>
public sealed class StorageOptionsValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && options.ServiceUri is not null)
        {
            failures.Add("Storage:ConnectionString and Storage:ServiceUri are both set; set one of them.");
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && WhyNotAConnectionString(options.ConnectionString) is
            { } why)
        {
            failures.Add($"Storage:ConnectionString is not a usable connection string: {why}");
        }

        if (options.ServiceUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme is not ("https" or "http")))
        {
            failures.Add($"Storage:ServiceUri '{uri}' is not an absolute http(s) URL.");
        }

        foreach (var (key, container) in Containers(options))
        {
            if (!IsContainerName(container))
            {
                failures.Add($"Storage:{key} '{container}' is not a container name: use 3-63 lowercase letters, "
                    + "digits and single hyphens, starting and ending with a letter or digit.");
            }
        }

        var containers = Containers(options).ToList();
        if (containers.Select(c => c.Container).Distinct(StringComparer.Ordinal).Count() != containers.Count)
        {
            failures.Add($"Storage container names must be {containers.Count} different names.");
        }

        if (options.ReadUrlLifetime <= TimeSpan.Zero || options.ReadUrlLifetime > TimeSpan.FromDays(7))
        {
            failures.Add($"Storage:ReadUrlLifetime {options.ReadUrlLifetime} must be positive and at most 7 days.");
        }

        if (!options.UsesBlobStorage && string.IsNullOrWhiteSpace(options.RootPath))
        {
            failures.Add("Storage:RootPath is empty; set the folder for the filesystem store.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why the SDK refuses the connection string (an account key that is not base64, no endpoint); null when
    /// it takes it. The string itself is never echoed: it holds the key.</summary>
    private static string? WhyNotAConnectionString(string connectionString)
    {
        try
        {
            _ = new Azure.Storage.Blobs.BlobServiceClient(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    private static IEnumerable<(string Key, string Container)> Containers(StorageOptions options) =>
    [
        (nameof(options.UploadsContainer), options.UploadsContainer),
        (nameof(options.VerdictsContainer), options.VerdictsContainer),
        (nameof(options.ScansContainer), options.ScansContainer),
        (nameof(options.FailedContainer), options.FailedContainer),
        (nameof(options.EvidenceContainer), options.EvidenceContainer),
    ];

    /// <summary>Azure's container naming rule, which also makes every name a plain folder name.</summary>
    internal static bool IsContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && IsLowerAlphanumeric(name[0])
        && IsLowerAlphanumeric(name[^1])
        && !name.Contains("--", StringComparison.Ordinal)
        && name.All(c => IsLowerAlphanumeric(c) || c == '-');

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
