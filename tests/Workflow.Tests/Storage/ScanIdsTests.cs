using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Storage;

public sealed class ScanIdsTests
{
    [Fact]
    public void IdIsPrefixAndFirst32HexOfSha256OfNameNewlineVersion()
    {
        // sha256("uploads/a.mp4\n0x8DC0FFEE") computed independently with `printf ... | sha256sum`.
        Assert.Equal("scan-10f6436bcfe76fbbefab9cdfa81b460f", ScanIds.For("uploads/a.mp4", "0x8DC0FFEE"));
    }

    [Fact]
    public void ADuplicateTriggerOfTheSameBlobVersionGetsTheSameId() =>
        Assert.Equal(ScanIds.For("a/clip.mp4", "0x8DC0FFEE"), ScanIds.For("a/clip.mp4", "0x8DC0FFEE"));

    [Theory]
    [InlineData("\"0x8DC0FFEE\"")]
    [InlineData("W/\"0x8DC0FFEE\"")]
    [InlineData(" 0x8DC0FFEE ")]
    public void AnHttpETagAndEventGridsUnquotedETagGiveTheSameId(string decorated) =>
        Assert.Equal(ScanIds.For("a/clip.mp4", "0x8DC0FFEE"), ScanIds.For("a/clip.mp4", decorated));

    [Fact]
    public void NewContentUnderTheSameNameIsANewScan() =>
        Assert.NotEqual(ScanIds.For("a/clip.mp4", "0x8DC0FFEE"), ScanIds.For("a/clip.mp4", "0x8DC0FFEF"));

    [Fact]
    public void TheSameVersionUnderAnotherNameIsANewScan() =>
        Assert.NotEqual(ScanIds.For("a/clip.mp4", "0x1"), ScanIds.For("b/clip.mp4", "0x1"));

    [Theory]
    [InlineData("", "v")]
    [InlineData("name", "")]
    [InlineData("a\nb", "c")]
    [InlineData("a", "b\nc")]
    public void EmptyPartsAndLineBreaksThatWouldMakeIdsAmbiguousAreRefused(string name, string version) =>
        Assert.Throws<ArgumentException>(() => ScanIds.For(name, version));

    [Theory]
    [InlineData("scan-0123456789abcdef0123456789abcdef", true)]
    [InlineData("scan-0123456789ABCDEF0123456789ABCDEF", false)]
    [InlineData("scan-0123456789abcdef0123456789abcde", false)]
    [InlineData("scan-0123456789abcdef0123456789abcdef0", false)]
    [InlineData("job-0123456789abcdef0123456789abcdef", false)]
    [InlineData("scan-0123456789abcdef0123456789abcd/.", false)]
    [InlineData(null, false)]
    public void OnlyIdsOfTheGeneratedShapeAreValid(string? id, bool valid) => Assert.Equal(valid, ScanIds.IsValid(id));

    [Fact]
    public void ValidateNamesTheBadIdAndTheExpectedShape()
    {
        var error = Assert.Throws<InvalidScanIdException>(() => ScanIds.Validate("../etc\npasswd"));

        Assert.Equal("../etc\npasswd", error.ScanId);
        Assert.StartsWith("'../etc\\u000apasswd' is not a scan id", error.Message);
    }
}
