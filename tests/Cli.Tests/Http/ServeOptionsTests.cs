using DeepScan.Cli.Http;

namespace DeepScan.Cli.Tests.Http;

/// <summary>Serve settings the host cannot use are refused at start, one line each, naming the setting.</summary>
public sealed class ServeOptionsTests
{
    [Fact]
    public void TheDefaultsAreUsable() => Assert.Empty(new ServeOptions().Problems());

    [Theory]
    [InlineData("00:00:00", "00:00:02", "UploadPollInterval")]
    [InlineData("60.00:00:00", "00:00:02", "UploadPollInterval")] // past what a timer can wait (49.7 days)
    [InlineData("00:00:05", "-00:00:01", "UploadStableFor")]
    [InlineData("00:00:05", "2.00:00:00", "UploadStableFor")]
    public void AWaitOutOfRangeIsRefused(string pollInterval, string stableFor, string setting)
    {
        var options = new ServeOptions
        {
            UploadPollInterval = TimeSpan.Parse(pollInterval),
            UploadStableFor = TimeSpan.Parse(stableFor),
        };

        var problem = Assert.Single(options.Problems());

        Assert.StartsWith($"Serve:{setting} must", problem);
    }

    [Fact]
    public void ADayIsTheLongestWait() =>
        Assert.Empty(new ServeOptions { UploadPollInterval = ServeOptions.MaxWait, UploadStableFor = ServeOptions.MaxWait }
            .Problems());
}
