using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Storage;

public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("clip.mp4")]
    [InlineData("0f3a9c/holiday clip (1).mp4")]
    [InlineData("a/b/c/d.MOV")]
    [InlineData("name_with-dashes.and.dots")]
    public void PlainNamesAreValid(string name) => Assert.Equal(name, BlobNames.Validate(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("../x.mp4", "starts with '.'")]
    [InlineData("a/../b.mp4", "starts with '.'")]
    [InlineData("a/./b.mp4", "starts with '.'")]
    [InlineData(".env", "starts with '.'")]
    [InlineData("/abs.mp4", "starts or ends with '/'")]
    [InlineData("dir/", "starts or ends with '/'")]
    [InlineData("a//b.mp4", "empty path segment")]
    [InlineData("a\\b.mp4", "'\\' is not allowed")]
    [InlineData("a\u0007b.mp4", "control characters")]
    [InlineData("a\u007fb.mp4", "control characters")]
    [InlineData("a b /c.mp4", "space")]
    [InlineData("vidéo.mp4", "'é' is not allowed")]
    [InlineData("a%2e%2e.mp4", "'%' is not allowed")]
    [InlineData("a?sig=x.mp4", "'?' is not allowed")]
    [InlineData("a#b.mp4", "'#' is not allowed")]
    public void UnsafeNamesAreRejectedSayingWhy(string name, string reason)
    {
        var error = Assert.Throws<InvalidBlobNameException>(() => BlobNames.Validate(name));

        Assert.Contains(reason, error.Message);
        Assert.False(BlobNames.IsValid(name));
    }

    [Fact]
    public void NamesLongerThanTheBlobLimitAreRejected()
    {
        Assert.True(BlobNames.IsValid(new string('a', BlobNames.MaxLength)));
        Assert.False(BlobNames.IsValid(new string('a', BlobNames.MaxLength + 1)));
        Assert.False(BlobNames.IsValid(null));
    }

    [Theory]
    [InlineData("clip.mp4", "clip.mp4")]
    [InlineData("holiday clip (1).mp4", "holiday clip (1).mp4")]
    [InlineData("C:\\Users\\me\\Videos\\clip.mp4", "clip.mp4")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData(".bashrc", "video.bashrc")]
    [InlineData("vidéo été.mp4", "video ete.mp4")]
    [InlineData("ünï çødé.mp4", "uni code.mp4")]
    [InlineData("Straße Łódź Œuvre.mp4", "Strasse Lodz OEuvre.mp4")]
    [InlineData("Ａｂｃ.mp4", "video.mp4")]
    [InlineData("a\u0000\u0001b.mp4", "a-b.mp4")]
    [InlineData("  spaced  .mp4  ", "spaced.mp4")]
    [InlineData("...", "video")]
    [InlineData("", "video")]
    [InlineData(null, "video")]
    [InlineData(".mp4", "video.mp4")]
    [InlineData("-.mp4", "video.mp4")]
    [InlineData("clip.mp4 . ", "clip.mp4")]
    [InlineData("clip.averyveryverylongextension", "clip.averyveryverylongextension")]
    [InlineData("日本語.mp4", "video.mp4")]
    public void SanitizeKeepsTheFileNameAndReplacesTheRest(string? fileName, string expected)
    {
        var sanitized = BlobNames.Sanitize(fileName);

        Assert.Equal(expected, sanitized);
        Assert.True(BlobNames.IsValid(sanitized));
    }

    [Fact]
    public void SanitizeShortensLongNamesKeepingTheExtension()
    {
        var sanitized = BlobNames.Sanitize(new string('x', 5000) + ".mp4");

        Assert.Equal(BlobNames.MaxFileNameLength, sanitized.Length);
        Assert.EndsWith("x.mp4", sanitized);
    }

    [Fact]
    public void AnUploadNameIsAUniqueFolderAndTheSanitizedFileName()
    {
        var unique = Guid.Parse("0f3a9c6e-1d2b-4c5d-8e7f-001122334455");

        Assert.Equal("0f3a9c6e1d2b4c5d8e7f001122334455/my clip.mp4", BlobNames.ForUpload("/tmp/my clip.mp4", unique));
        Assert.True(BlobNames.IsUploadName(BlobNames.ForUpload("/tmp/my clip.mp4", unique)));
    }

    [Theory]
    [InlineData("clip.mp4")]
    [InlineData("manual/clip.mp4")]
    [InlineData("0f3a9c6e1d2b4c5d8e7f00112233445/clip.mp4")]
    [InlineData("0f3a9c6e1d2b4c5d8e7f001122334455/deeper/clip.mp4")]
    [InlineData("0f3a9c6e1d2b4c5d8e7f00112233445g/clip.mp4")]
    public void OtherNamesAreNotUploadNames(string name) => Assert.False(BlobNames.IsUploadName(name));
}
