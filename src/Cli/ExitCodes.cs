namespace DeepScan.Cli;

/// <summary>The process exit codes of <c>deepscan</c>.</summary>
internal static class ExitCodes
{
    /// <summary>A verdict was produced: fake, real or no-faces.</summary>
    public const int Verdict = 0;

    /// <summary>The scan ran but could not score anything (an <c>error</c> verdict).</summary>
    public const int ScanFailed = 1;

    /// <summary>The input is unusable: not a video, truncated, too long, a bad labels file.</summary>
    public const int BadInput = 2;

    /// <summary>Models or native libraries are missing or invalid; the message names the fix.</summary>
    public const int SetupRequired = 3;

    /// <summary><c>serve</c>: another serve holds the storage it was configured with, or took it while it ran.</summary>
    public const int StorageInUse = 4;

    /// <summary>The user interrupted the command.</summary>
    public const int Cancelled = 130;
}
