using DeepScan.Cli.Http;
using DeepScan.Detection.Tests;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Tests.Http;

/// <summary>An upload the watcher lists under a name the store does not take is logged once, with a name that would
/// do; both listings (folder and blob container) go through it.</summary>
public sealed class UnscannedNamesTests
{
    [Fact]
    public void ANameTheStoreRefusesIsLoggedOnceWithASuggestionAndAGoodNameIsTaken()
    {
        var logger = new RecordingLogger();
        var names = new UnscannedNames(logger, "blob container uploads");

        Assert.True(names.Accepts("clips/a.mp4"));
        Assert.False(names.Accepts("clip [1].mp4"));
        Assert.False(names.Accepts("clip [1].mp4"));
        Assert.False(names.Accepts("unicodé/vidéo.mp4"));

        Assert.Equal(2, logger.Entries.Count);
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Contains(logger.Entries, e => e.Message.Contains("clip [1].mp4 in blob container uploads is not scanned")
            && e.Message.Contains("clip -1.mp4"));
    }
}
