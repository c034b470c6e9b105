namespace DeepScan.Workflow.Orchestration;

/// <summary>
/// An activity or sub-orchestration failed on its last allowed attempt. Carries what Durable's
/// <c>TaskFailureDetails</c> carries: the failure's type name and message, never a live exception object.
/// </summary>
public sealed class ScanTaskFailedException(
    string taskName, string errorType, string errorMessage, Exception? inner = null)
    : Exception($"{taskName} failed: {errorMessage}", inner)
{
    /// <summary>The activity or orchestrator name.</summary>
    public string TaskName { get; } = taskName;

    /// <summary>The full type name of the exception the task threw.</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>The message of the exception the task threw.</summary>
    public string ErrorMessage { get; } = errorMessage;
}
