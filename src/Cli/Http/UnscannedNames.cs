using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Http;

/// <summary>Says once per name why an upload the watcher lists is not scanned: a scan is named after its upload, and
/// this name is not one the store takes (<see cref="BlobNames.Validate"/>). Safe for concurrent use.</summary>
internal sealed class UnscannedNames(ILogger logger, string where)
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> is one the store takes; otherwise reports it (the first time) and
    /// returns false.</summary>
    public bool Accepts(string name)
    {
        try
        {
            BlobNames.Validate(name);
            return true;
        }
        catch (InvalidBlobNameException ex)
        {
            lock (_reported)
            {
                if (!_reported.Add(name))
                {
                    return false;
                }
            }

            logger.LogWarning(
                "{Name} in {Where} is not scanned ({Why}); rename it, to {Suggestion} say", name, where, ex.Message,
                BlobNames.Sanitize(name));
            return false;
        }
    }
}
