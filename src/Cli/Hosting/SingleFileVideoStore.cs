using System.Security.Cryptography;
using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Cli.Hosting;

/// <summary>
/// The uploads store of <c>deepscan scan</c>: exactly one local file, read where it is (never copied), named by its
/// file name and versioned by its content's sha256.
/// </summary>
internal sealed class SingleFileVideoStore : IVideoStore
{
    private readonly string _path;
    private readonly StoredVideo _video;

    private SingleFileVideoStore(string path, StoredVideo video)
    {
        _path = path;
        _video = video;
    }

    public string Name => _video.Name;

    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static async Task<SingleFileVideoStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{path}: file not found.", full);
        }

        // A device or a pipe (/dev/zero, a FIFO) has no length and may never end: it is not read here, and the probe
        // reports it as empty, as it does a file of 0 bytes.
        if (new FileInfo(full).Length == 0)
        {
            return new SingleFileVideoStore(
                full, new StoredVideo(BlobNames.Sanitize(Path.GetFileName(full)), Convert.ToHexStringLower(SHA256.HashData([])), 0));
        }

        await using var stream = File.OpenRead(full);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        return new SingleFileVideoStore(full, new StoredVideo(BlobNames.Sanitize(Path.GetFileName(full)), hash, stream.Length));
    }

    public Task<StoredVideo> SaveAsync(string fileName, Stream content, CancellationToken cancellationToken) =>
        throw new NotSupportedException("deepscan scan reads the file it was given; it stores no uploads.");

    public Task DiscardAsync(StoredVideo video, CancellationToken cancellationToken) =>
        throw new NotSupportedException("deepscan scan reads the file it was given; it stores no uploads.");

    public Task<StoredVideo?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(name == _video.Name ? _video : null);

    public string LocationOf(string name) => new Uri(_path).AbsoluteUri;

    /// <summary>The reference the store resolves the file at <paramref name="path"/> to, before it is opened.</summary>
    public static VideoRef Reference(string path)
    {
        var full = Path.GetFullPath(path);
        return new VideoRef(full, Path.GetFileName(full));
    }

    public Task<VideoRef> ResolveAsync(string name, CancellationToken cancellationToken) =>
        name == _video.Name
            ? Task.FromResult(Reference(_path))
            : throw new VideoNotFoundException(name);
}
