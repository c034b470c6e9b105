using System.Collections.Concurrent;

namespace DeepScan.Cli.Http;

/// <summary>
/// Counts multipart uploads between their first byte and their scan record, so the uploads watcher never starts a
/// scan for an upload whose request is still registering its webhook; and remembers the uploads of refused requests
/// that could not be removed yet (storage down), so the watcher never scans those.
/// </summary>
/// <remarks>The watcher lists the container first and asks <see cref="Any"/> afterwards: an upload it listed was
/// begun before the listing, so when none is in flight by then, that upload's record exists.</remarks>
internal sealed class UploadsInFlight
{
    private readonly ConcurrentDictionary<string, byte> _refused = new(StringComparer.Ordinal);

    private int _count;

    public bool Any => Volatile.Read(ref _count) > 0;

    /// <summary>The upload's request was refused and the upload is still stored: it is not to be scanned.</summary>
    public void MarkRefused(string uploadName) => _refused[uploadName] = 0;

    public bool IsRefused(string uploadName) => _refused.ContainsKey(uploadName);

    /// <summary>Marks one upload in flight until the returned handle is disposed.</summary>
    public IDisposable Begin()
    {
        Interlocked.Increment(ref _count);
        return new Ending(this);
    }

    private sealed class Ending(UploadsInFlight owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._count);
            }
        }
    }
}
