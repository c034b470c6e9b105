using Azure;

namespace DeepScan.Workflow.Http;

/// <summary>
/// Tells a request that failed because Blob Storage could not be reached (or answered that it is failing) from one that
/// failed for any other reason, so the HTTP hosts answer it with 503 and <c>Retry-After</c> rather than 500.
/// </summary>
public static class StorageOutage
{
    /// <summary>How long a caller is asked to wait before repeating the request.</summary>
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>Retry-After</c> header's value, in seconds.</summary>
    public static string RetryAfterHeader =>
        ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="exception"/>, or one it wraps, is a storage request that got no answer
    /// (status 0: the connection failed), a timeout or throttling, or a server error.</summary>
    /// <remarks>The Azure SDK throws an <see cref="AggregateException"/> of its attempts once its retries are spent.
    /// </remarks>
    public static bool IsCause(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsCause),
        { InnerException: { } inner } => IsCause(inner),
        _ => false,
    };

    /// <summary>One line for a log about a failed storage request: the SDK's own message runs to the response's
    /// headers and body over many lines.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } failed => FirstLine(failed.InnerException?.Message ?? failed.Message),
        RequestFailedException failed => $"{failed.Status} {failed.ErrorCode}".TrimEnd(),
        AggregateException { InnerExceptions.Count: > 0 } aggregate =>
            $"{aggregate.InnerExceptions.Count} attempts failed; the last: {Describe(aggregate.InnerExceptions[^1])}",
        _ => FirstLine(exception.Message),
    };

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].TrimEnd();
}
