using DeepScan.Cli.Commands;
using DeepScan.Cli.Scanning;

namespace DeepScan.Cli.Tests.Commands;

/// <summary>Scan settings as a command line, for a scan run as its own process (<c>bench --cold</c>).</summary>
public sealed class ScanCliOptionsTests
{
    [Fact]
    public void EverySettingSurvivesTheTripThroughTheScanCommandLine()
    {
        var options = new ScanCliOptions(12, 4, "yunet", "cpu", "mean", ["resnet18-sbi", "meso4-df"], 0.5, 100);

        var parsed = ScanCommonOptions.Parse(ScanCommand.GetCommand().Parse(["v.mp4", .. options.ToArguments()]));

        Assert.Equal(options with { Members = null }, parsed with { Members = null });
        Assert.Equal(options.Members, parsed.Members);
    }

    [Theory]
    [InlineData("resnet18-sbi,meso4-df")]
    [InlineData("resnet18-sbi, meso4-df")]
    [InlineData("resnet18-sbi meso4-df")]
    public void MembersAreGivenBySpacesOrCommas(string given)
    {
        var parsed = ScanCommonOptions.Parse(ScanCommand.GetCommand().Parse(["v.mp4", "--members", .. given.Split(' ')]));

        Assert.Equal(["resnet18-sbi", "meso4-df"], parsed.Members);
    }

    [Fact]
    public void DefaultsGiveNoArguments() => Assert.Empty(new ScanCliOptions().ToArguments());
}
