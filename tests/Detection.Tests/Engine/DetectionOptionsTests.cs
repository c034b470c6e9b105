using DeepScan.Detection.Engine;

namespace DeepScan.Detection.Tests.Engine;

/// <summary>Engine settings the engine cannot use are named, each in one line, before anything is scanned.</summary>
public sealed class DetectionOptionsTests
{
    [Fact]
    public void TheDefaultsHaveNoProblem() => Assert.Empty(new DetectionOptions().Problems());

    [Fact]
    public void EveryUnusableSettingIsNamed()
    {
        var options = new DetectionOptions { IntraOpThreads = -1 };
        options.Limits.MaxDuration = TimeSpan.Zero;
        options.Limits.MaxBytes = 0;
        options.Limits.MaxPixels = -1;

        Assert.Equal(
            [
                "Detection:IntraOpThreads must be 0 (one a core) to 1024, not -1.",
                "Detection:Limits:MaxDuration must be more than zero, not 00:00:00.",
                "Detection:Limits:MaxBytes must be more than zero, not 0.",
                "Detection:Limits:MaxPixels must be more than zero, not -1.",
            ],
            options.Problems());
    }
}
