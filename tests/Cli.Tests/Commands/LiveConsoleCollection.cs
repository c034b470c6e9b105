namespace DeepScan.Cli.Tests.Commands;

/// <summary>
/// Tests of commands that draw a live progress display on Spectre's static <c>AnsiConsole</c>. Spectre refuses two
/// live displays at once, so these tests never run in parallel with each other (they did, and failed, in CI).
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveConsoleCollection
{
    public const string Name = "live console";
}
