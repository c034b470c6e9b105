using DeepScan.Cli.Scanning;
using DeepScan.Detection.Tests;

namespace DeepScan.Cli.Tests.Commands;

/// <summary>The root command's handling of settings a person got wrong: one line naming the option, exit code 2, and
/// nothing scanned; never a stack trace.</summary>
[Collection(LiveConsoleCollection.Name)]
public sealed class DeepScanCommandTests
{
    private static readonly string Video = TestPaths.Video("real/celebdf-id6_0005.mp4");

    [Theory]
    [InlineData("scan", "--frames", "0")]
    [InlineData("scan", "--chunk-size", "500")]
    [InlineData("scan", "--rate", "-1")]
    [InlineData("scan", "--aggregation", "median")]
    [InlineData("scan", "--device", "tpu")]
    [InlineData("scan", "--frames", "many")]
    [InlineData("bench", "--max-frames", "0")]
    [InlineData("crops", "--frames", "0")]
    public async Task ASettingOutOfRangeIsUnusableInputSaidInOneLine(string verb, string option, string value)
    {
        var (code, error) = await RunAsync(verb, option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(option, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("scan", "--members", "no-such-member", "Unknown member(s) no-such-member. Known: ")]
    [InlineData("crops", "--member", "no-such-member", "Unknown member(s) no-such-member. Known: ")]
    [InlineData("scan", "--detector", "no-such-detector", "Unknown face detector 'no-such-detector'. Known: ")]
    public async Task AModelTheManifestDoesNotHaveIsUnusableInputNotASetupProblem(
        string verb, string option, string value, string said)
    {
        var (code, error) = await RunAsync(verb, option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"deepscan: {said}", error);
    }

    private static async Task<(int Code, string Error)> RunAsync(string verb, string option, string value)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            string[] args = verb == "crops"
                ? [verb, Video, "--out", Path.Combine(Path.GetTempPath(), $"deepscan-crops-{Guid.NewGuid():N}"), option, value]
                : [verb, Video, option, value];
            code = await DeepScanCommand.RunAsync(args);
        }
        finally
        {
            Console.SetError(previous);
        }

        return (code, error.ToString());
    }

    [Theory]
    [InlineData("Scan:FramesPerVideo must be 1 to 4096, not 0.", "--frames: Scan:FramesPerVideo must be 1 to 4096, not 0.")]
    [InlineData("Scan:MaxFrames must be 1 to 4096, not 0.", "--max-frames: Scan:MaxFrames must be 1 to 4096, not 0.")]
    [InlineData("Webhooks:MaxAttempts must be 1 to 20.", "Webhooks:MaxAttempts must be 1 to 20.")]
    public void AFailureNamesTheOptionThatSetsIt(string failure, string said) =>
        Assert.Equal(said, ScanCliOptions.WithOption(failure));
}
