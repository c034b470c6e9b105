using DeepScan.Workflow.Orchestration;

namespace DeepScan.Workflow.Tests.Orchestration;

public sealed class ScanRetryPolicyTests
{
    [Theory]
    [InlineData(1, 5.0, 2.0, 60.0, 5.0)]
    [InlineData(2, 5.0, 2.0, 60.0, 10.0)]
    [InlineData(3, 5.0, 2.0, 60.0, 20.0)]
    [InlineData(5, 5.0, 2.0, 60.0, 60.0)] // 80 s capped at the maximum
    [InlineData(4, 5.0, 1.0, 60.0, 5.0)] // no backoff
    [InlineData(3, 5.0, 4.0, 3600.0, 80.0)]
    public void Delays_grow_by_the_coefficient_up_to_the_maximum(
        int attempt, double first, double coefficient, double max, double expected)
    {
        var policy = new ScanRetryPolicy(10, TimeSpan.FromSeconds(first), coefficient, TimeSpan.FromSeconds(max));

        Assert.Equal(TimeSpan.FromSeconds(expected), policy.DelayAfterAttempt(attempt));
    }

    [Fact]
    public void The_maximum_defaults_to_an_hour_as_in_durable_task() =>
        Assert.Equal(TimeSpan.FromHours(1), new ScanRetryPolicy(3, TimeSpan.FromSeconds(1)).MaxRetryInterval);

    [Theory]
    [InlineData(0, 1.0, 1.0, 10.0)]
    [InlineData(3, 0.0, 1.0, 10.0)]
    [InlineData(3, 1.0, 0.5, 10.0)]
    [InlineData(3, 5.0, 1.0, 1.0)]
    public void Refuses_what_durable_task_refuses(int attempts, double first, double coefficient, double max) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScanRetryPolicy(
            attempts, TimeSpan.FromSeconds(first), coefficient, TimeSpan.FromSeconds(max)));
}
