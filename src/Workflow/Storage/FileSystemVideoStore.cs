using DeepScan.Detection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>
/// The embedded uploads store: videos as files in the <c>uploads</c> folder under
/// <see cref="StorageOptions.RootPath"/>, versioned by content sha256, resolved to their local path.
/// </summary>
public sealed class FileSystemVideoStore(IOptions<StorageOptions> options, ILogger<FileSystemVideoStore> logger)
    : IVideoStore
{
    private readonly string _container = options.Value.UploadsContainer;
    private readonly FileSystemFolders _folders = new(options.Value.RootPath);

    public async Task<StoredVideo> SaveAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        var name = BlobNames.ForUpload(fileName, Guid.NewGuid());
        var path = _folders.FileIn(_container, name);
        var file = AtomicFile.CreateTemp(path, out var temp);
        (string Sha256, long Bytes) copied;
        try
        {
            await using (file)
            {
                copied = await Sha256Copy.CopyAsync(content, file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(temp);
            // The upload's own folder, made for it alone: an aborted or refused upload leaves nothing behind.
            TryDeleteEmptyFolder(Path.GetDirectoryName(path)!);
            throw;
        }

        if (!AtomicFile.TryMoveNew(temp, path))
        {
            throw new IOException($"Upload '{name}' exists already; uploads never replace one another.");
        }

        logger.LogInformation("Stored upload {Name} ({Bytes} bytes)", name, copied.Bytes);
        return new StoredVideo(name, copied.Sha256, copied.Bytes);
    }

    public Task DiscardAsync(StoredVideo video, CancellationToken cancellationToken)
    {
        // Upload names are unique (a folder per upload) and files are never rewritten, so the name is the version.
        var path = PathOf(video.Name);
        if (Directory.Exists(Path.GetDirectoryName(path)))
        {
            File.Delete(path);
        }

        TryDeleteEmptyFolder(Path.GetDirectoryName(path)!);
        logger.LogInformation("Discarded upload {Name}: its request was refused", video.Name);
        return Task.CompletedTask;
    }

    public async Task<StoredVideo?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        try
        {
            await using var file = new FileStream(
                path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var (sha256, bytes) = await Sha256Copy.CopyAsync(file, Stream.Null, cancellationToken);
            return new StoredVideo(name, sha256, bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or PathTooLongException
            || (ex is UnauthorizedAccessException && Directory.Exists(path)))
        {
            // A name over the file system's 255 bytes a segment, or a folder's (an upload's own folder), names no upload.
            return null;
        }
    }

    /// <summary>The upload's local path, which ffmpeg reads directly.</summary>
    public string LocationOf(string name) => new Uri(PathOf(name)).AbsoluteUri;

    public Task<VideoRef> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        return File.Exists(path)
            ? Task.FromResult(new VideoRef(path, Path.GetFileName(path)))
            : throw new VideoNotFoundException(name);
    }

    private static void TryDeleteEmptyFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not empty after all, gone already, or not ours to remove.
        }
    }

    private string PathOf(string name) => _folders.FileIn(_container, BlobNames.Validate(name));
}
