namespace DeepScan.Workflow.Storage;

/// <summary>A video name the uploads store refuses: it could escape the container or is not a plain name.</summary>
public sealed class InvalidBlobNameException(string? name, string reason)
    : ArgumentException($"{QuotedInput.Of(name)} is not an acceptable video name: {reason}.")
{
    public string? Name { get; } = name;

    /// <summary>What is wrong with the name, as a clause ("it is empty").</summary>
    public string Reason { get; } = reason;
}
