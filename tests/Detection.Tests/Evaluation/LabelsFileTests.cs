using DeepScan.Detection.Evaluation;

namespace DeepScan.Detection.Tests.Evaluation;

public sealed class LabelsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("labels").FullName;

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "labels.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsFilesRelativeToTheCsvWithExtraColumnsAndQuotes()
    {
        var items = LabelsFile.Read(Write("dataset,file,label\n\"a, b\",fake/x.mp4,FAKE\nc,real/y.mp4,real\n"));

        Assert.Equal(2, items.Count);
        Assert.True(items[0].IsFake);
        Assert.Equal(Path.Combine(_dir, "fake", "x.mp4"), items[0].Path);
        Assert.False(items[1].IsFake);
        Assert.Equal(3, items[1].Line);
    }

    [Fact]
    public void MissingColumnNamesWhatIsRequired()
    {
        var error = Assert.Throws<LabelsFileException>(() => LabelsFile.Read(Write("path,label\nx.mp4,FAKE\n")));

        Assert.Contains("no 'file' column", error.Message);
    }

    [Fact]
    public void UnknownLabelNamesTheLine()
    {
        var error = Assert.Throws<LabelsFileException>(() => LabelsFile.Read(Write("file,label\nx.mp4,FAKE\ny.mp4,maybe\n")));

        Assert.Contains(":3: unknown label 'maybe'", error.Message);
    }

    [Theory]
    [InlineData("file,label\nx.mp4,FAKE\ny.mp4,REAL\nx.mp4,REAL\n", ":4: x.mp4 is listed already, on line 2")]
    [InlineData("file,label\nx.mp4,FAKE\n./x.mp4,FAKE\n", ":3: ./x.mp4 is listed already, on line 2")]
    public void AFileListedTwiceNamesBothLines(string text, string said)
    {
        var error = Assert.Throws<LabelsFileException>(() => LabelsFile.Read(Write(text)));

        Assert.Contains(said, error.Message);
    }

    [Fact]
    public void ExtraValuesAreTrimmedAsTheOtherColumnsAre()
    {
        var table = LabelsFile.ReadTable(Write("file,label, dataset\nx.mp4,FAKE, ffpp \ny.mp4,REAL,ffpp\n"));

        Assert.Equal(["dataset"], table.ExtraColumns);
        Assert.All(table.Items, item => Assert.Equal(["ffpp"], item.Extra!));
    }

    [Fact]
    public void AnEmptyFileNameNamesTheLine()
    {
        var error = Assert.Throws<LabelsFileException>(() => LabelsFile.Read(Write("file,label\nx.mp4,FAKE\n  ,REAL\n")));

        Assert.Contains(":3: the file column is empty", error.Message);
    }

    [Fact]
    public void SharedDevelopmentSetsParse()
    {
        var videos = LabelsFile.Read(TestPaths.Video("labels.csv"));
        var faces = LabelsFile.Read(TestPaths.Face("labels.csv"));

        Assert.Equal(25, videos.Count);
        Assert.Equal(286, faces.Count);
        Assert.All(videos.Concat(faces), i => Assert.True(File.Exists(i.Path), i.Path));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
