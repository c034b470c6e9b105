using System.Text;
using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

public sealed class ContainerSnifferTests
{
    [Theory]
    [InlineData("00000020667479706973736F6D", "iso-bmff")]
    [InlineData("1A45DFA3A3428286", "matroska")]
    [InlineData("52494646000000004156492000", "avi")]
    [InlineData("464C560105", "flv")]
    [InlineData("000001BA44", "mpeg-ps")]
    public void RecognisesContainersByMagic(string hex, string expected) =>
        Assert.Equal(expected, ContainerSniffer.Sniff(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("hello, this is not a video")]
    [InlineData("%PDF-1.7")]
    [InlineData("")]
    public void TextAndDocumentsAreNotVideos(string text) =>
        Assert.Null(ContainerSniffer.Sniff(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void EveryDevelopmentVideoIsRecognised()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Shared, "data", "videos"), "*.mp4", SearchOption.AllDirectories))
        {
            Assert.Equal("iso-bmff", ContainerSniffer.SniffFile(file));
        }
    }
}
