using DeepScan.Cli.Commands;
using DeepScan.Cli.Scanning;
using DeepScan.Detection.Tests;

namespace DeepScan.Cli.Tests;

/// <summary>Files a command writes are checked before it scans, so a long run never ends in an error about where its
/// result goes.</summary>
[Collection(Commands.LiveConsoleCollection.Name)]
public sealed class OutputPathsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("deepscan-output-paths");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void AFileInAnExistingFolderCanBeWrittenAndNothingIsLeftBehind()
    {
        Assert.Null(OutputPaths.WhyUnwritable(new FileInfo(Path.Combine(_folder.FullName, "out.json")), "--json"));
        Assert.Null(OutputPaths.WhyUnwritable(null, "--json"));
        Assert.Empty(_folder.EnumerateFileSystemInfos());
    }

    [Fact]
    public void AMissingFolderAFolderForAFileAndAnUnwritablePlaceAreSaidWithTheOption()
    {
        Assert.Contains("--json", OutputPaths.WhyUnwritable(new FileInfo(Path.Combine(_folder.FullName, "no", "out.json")), "--json"));
        Assert.Contains("does not exist", OutputPaths.WhyUnwritable(new FileInfo(Path.Combine(_folder.FullName, "no", "o.json")), "--json"));
        Assert.Contains("that is a folder", OutputPaths.WhyUnwritable(new FileInfo(_folder.FullName), "--report"));
        // /proc takes no new files, even for root.
        Assert.Contains("nothing can be written", OutputPaths.WhyUnwritable(new FileInfo("/proc/evidence.png"), "--evidence"));
    }

    [Fact]
    public void AnOutputFolderIsCreatedWhenItCanBeAndRefusedWhenItIsAFile()
    {
        var nested = new DirectoryInfo(Path.Combine(_folder.FullName, "a", "b"));
        var file = Path.Combine(_folder.FullName, "file.txt");
        File.WriteAllText(file, "x");

        Assert.Null(OutputPaths.WhyUnwritableFolder(nested, "--out"));
        Assert.True(nested.Exists);
        Assert.Contains("that is a file", OutputPaths.WhyUnwritableFolder(new DirectoryInfo(file), "--out"));
        Assert.Contains("cannot be created", OutputPaths.WhyUnwritableFolder(new DirectoryInfo("/proc/crops"), "--out"));
    }

    [Fact]
    public async Task AScanWhoseVerdictCannotBeWrittenStopsBeforeScanning()
    {
        // Scanned first, this real video would give a verdict (exit 0) and then fail writing it.
        var code = await ScanCommand.RunAsync(
            new FileInfo(TestPaths.Video("real/ffpp-c23-004.mp4")), new FileInfo(Path.Combine(_folder.FullName, "no", "v.json")),
            new ScanCliOptions(), null, false, true, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, code);
    }

    [Fact]
    public async Task AnOutputThatIsTheInputIsRefusedAndTheInputKept()
    {
        var video = Path.Combine(_folder.FullName, "victim.mp4");
        File.Copy(TestPaths.Video("real/ffpp-c23-004.mp4"), video);
        var before = await File.ReadAllBytesAsync(video);

        var code = await ScanCommand.RunAsync(
            new FileInfo(video), new FileInfo(video), new ScanCliOptions(), null, false, true, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(before, await File.ReadAllBytesAsync(video));
    }

    [Fact]
    public void OutputsThatAreAnInputThroughALinkOrEachOtherAreSaidWithTheirOptions()
    {
        var labels = new FileInfo(Path.Combine(_folder.FullName, "labels.csv"));
        File.WriteAllText(labels.FullName, "file,label\n");
        var link = new FileInfo(Path.Combine(_folder.FullName, "link.json"));
        File.CreateSymbolicLink(link.FullName, labels.FullName);
        var json = new FileInfo(Path.Combine(_folder.FullName, "out.json"));

        Assert.Contains("--json", OutputPaths.WhyClashing([labels], (link, "--json")));
        Assert.Contains("that is an input", OutputPaths.WhyClashing([labels, null], (null, "--json"), (labels, "--report")));
        Assert.Equal(
            $"--json and --report name the same file, {json.FullName}; give each its own.",
            OutputPaths.WhyClashing([labels], (json, "--json"), (new FileInfo(json.FullName), "--report")));
        Assert.Null(OutputPaths.WhyClashing([labels], (json, "--json"), (null, "--report")));
    }
}
