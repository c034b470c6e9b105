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

    [Theory]
    [InlineData("00:00:14")]
    [InlineData("00:01:01")]
    public void AStorageLeaseBlobStorageWouldNotGrantIsRefused(string lease)
    {
        var problem = Assert.Single(new ServeOptions { StorageLease = TimeSpan.Parse(lease) }.Problems());

        Assert.StartsWith("Serve:StorageLease must be 00:00:15 to 00:01:00", problem);
    }
}
