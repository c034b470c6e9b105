namespace DeepScan.Workflow.Storage;

/// <summary>No upload exists by the given name.</summary>
public sealed class VideoNotFoundException(string name)
    : FileNotFoundException($"No uploaded video is named {QuotedInput.Of(name)}.", name);
