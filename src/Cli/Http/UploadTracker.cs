namespace DeepScan.Cli.Http;

/// <summary>One upload as a listing shows it: its name, size and a stamp that changes when it is rewritten (the
/// blob's ETag, the file's last write time).</summary>
internal sealed record UploadEntry(string Name, long Bytes, string Stamp);

/// <summary>
/// Decides, pass by pass, which listed uploads are ready to scan: new or changed ones that look the same in two
/// listings at least a settle time apart (so a file still being copied waits), each version once.
/// </summary>
/// <remarks>Pure bookkeeping, no I/O. Not thread-safe: one watcher loop owns it.</remarks>
internal sealed class UploadTracker
{
    private readonly Dictionary<string, (UploadEntry Entry, DateTimeOffset Since)> _settling =
        new(StringComparer.Ordinal);
    private readonly Dictionary<string, UploadEntry> _started = new(StringComparer.Ordinal);

    /// <summary>True while some upload waits to be seen unchanged again.</summary>
    public bool HasSettling => _settling.Count > 0;

    /// <summary>Takes one complete listing and returns the uploads due to be started now.</summary>
    /// <remarks>An upload stays due on later passes until <see cref="MarkStarted"/> is called for it.</remarks>
    public IReadOnlyList<UploadEntry> Observe(
        IReadOnlyCollection<UploadEntry> listing, DateTimeOffset now, TimeSpan settleTime)
    {
        var listed = listing.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _settling.Keys.Concat(_started.Keys).Where(n => !listed.Contains(n)).ToArray())
        {
            _settling.Remove(gone);
            _started.Remove(gone);
        }

        var due = new List<UploadEntry>();
        foreach (var entry in listing)
        {
            if (_started.TryGetValue(entry.Name, out var started) && started == entry)
            {
                continue;
            }

            if (_settling.TryGetValue(entry.Name, out var seen) && seen.Entry == entry)
            {
                if (now - seen.Since >= settleTime)
                {
                    due.Add(entry);
                }
            }
            else
            {
                _settling[entry.Name] = (entry, now);
            }
        }

        return due;
    }

    /// <summary>The upload's scan was started (or found started): this version is not due again.</summary>
    public void MarkStarted(UploadEntry entry)
    {
        _settling.Remove(entry.Name);
        _started[entry.Name] = entry;
    }
}
