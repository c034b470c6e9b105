namespace DeepScan.Cli.Tests.Http;

/// <summary>Waits, within a bound, for something another thread or process does.</summary>
internal static class Poll
{
    public static readonly TimeSpan ScanTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Calls <paramref name="probe"/> until it returns a value; fails naming <paramref name="what"/>.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? ScanTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {limit.TotalSeconds} s.");
            }

            await Task.Delay(200);
        }
    }
}
