namespace DeepScan.Workflow.Storage;

/// <summary>
/// Whole-file writes that readers never see half done: content goes to a temp file in the target's folder, which
/// is then renamed into place (rename is atomic within one file system).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes the file unless it exists; false when it does. Exactly one of concurrent creators wins.
    /// </summary>
    /// <remarks>Creators are serialised by the target's <see cref="FileLock"/>, across processes too: File.Move's
    /// own no-overwrite check is not atomic on Unix (it looks, then renames).</remarks>
    public static async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        using var _ = await FileLock.AcquireAsync(path, ct);
        if (File.Exists(path))
        {
            return false;
        }

        await ReplaceAsync(path, content, ct);
        return true;
    }

    /// <summary>Writes the file unless it exists; true when it now holds <paramref name="content"/> (written now or
    /// before: a retried write), false when it holds something else, which stays.</summary>
    public static async Task<bool> TryCreateOrMatchAsync(
        string path, ReadOnlyMemory<byte> content, CancellationToken ct) =>
        await TryCreateAsync(path, content, ct)
        || (await File.ReadAllBytesAsync(path, ct)).AsSpan().SequenceEqual(content.Span);

    /// <summary>Writes the file, atomically replacing any previous content.</summary>
    public static async Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var temp = await WriteTempAsync(path, content, ct);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Moves a finished temp file to <paramref name="path"/> unless that exists; false (and the temp
    /// file deleted) if it does.</summary>
    /// <remarks>Only for names nobody else writes at the same time (a unique upload, a download of one blob
    /// version, whose copies are identical): the existence check and the move are two steps.</remarks>
    public static bool TryMoveNew(string temp, string path)
    {
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    /// <summary>A fresh hidden temp name beside <paramref name="path"/>; valid names never start with a dot.</summary>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Opens a new temp file for <paramref name="path"/>, creating the folder when needed.</summary>
    public static FileStream CreateTemp(string path, out string tempPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        tempPath = TempPathFor(path);
        return new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
    }

    private static async Task<string> WriteTempAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var stream = CreateTemp(path, out var temp);
        try
        {
            await using (stream)
            {
                await stream.WriteAsync(content, ct);
                stream.Flush(flushToDisk: true);
            }

            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
