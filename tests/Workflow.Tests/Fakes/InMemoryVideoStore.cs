using System.Collections.Concurrent;
using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>An in-memory uploads container. Resolved references carry a fake SAS token, so tests can check that
/// none ever reaches orchestration history.</summary>
internal sealed class InMemoryVideoStore : IVideoStore
{
    public const string SasMarker = "sig=secret-sas";

    private readonly ConcurrentDictionary<string, StoredVideo> videos = new();

    public void Add(string name, long bytes = 1_000_000) =>
        videos[name] = new StoredVideo(name, new string('a', 64), bytes);

    public Task<StoredVideo> SaveAsync(string fileName, Stream content, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The workflow never uploads.");

    public Task DiscardAsync(StoredVideo video, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The workflow never uploads.");

    public Task<StoredVideo?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(videos.GetValueOrDefault(name));

    public string LocationOf(string name) => $"https://store.example/uploads/{name}";

    public Task<VideoRef> ResolveAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(new VideoRef($"https://store.example/uploads/{name}?{SasMarker}", name));
}
