namespace DeepScan.Workflow.Orchestration;

/// <summary>
/// How often and how patiently a failed activity or sub-orchestration is retried; the semantics of
/// durabletask-dotnet's <c>RetryPolicy</c>, so the adapter copies the four values across.
/// </summary>
/// <remarks>
/// The delay after failed attempt n (from 1) is <c>firstRetryInterval × backoffCoefficient^(n−1)</c>, capped at
/// <see cref="MaxRetryInterval"/>.
/// </remarks>
public sealed class ScanRetryPolicy
{
    /// <param name="maxNumberOfAttempts">Attempts in all, the first included; 1 or more.</param>
    /// <param name="firstRetryInterval">The delay between the first and second attempt; more than zero.</param>
    /// <param name="backoffCoefficient">What each later delay is multiplied by; 1.0 or more.</param>
    /// <param name="maxRetryInterval">The longest delay between attempts; one hour when omitted.</param>
    public ScanRetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        if (maxRetryInterval < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxRetryInterval), maxRetryInterval, "The longest delay cannot be shorter than the first.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Full type names of errors that no retry can change (a video that cannot be decoded): an attempt that
    /// fails with one is the last. Every other error is retried.</summary>
    public IReadOnlyCollection<string> FinalErrors { get; init; } = [];

    /// <summary>Whether an attempt that failed with an error of type <paramref name="errorType"/> is worth another.
    /// </summary>
    public bool Retries(string? errorType) => errorType is null || !FinalErrors.Contains(errorType);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (from 1) before the next one.</summary>
    public TimeSpan DelayAfterAttempt(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var milliseconds = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, attempt - 1);
        return milliseconds >= MaxRetryInterval.TotalMilliseconds
            ? MaxRetryInterval
            : TimeSpan.FromMilliseconds(milliseconds);
    }
}
