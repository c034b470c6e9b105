using System.Reflection.PortableExecutable;

namespace DeepScan.Cli.Benchmarking;

/// <summary>How to start this very <c>deepscan</c> build in a fresh process, and whether it is ReadyToRun-compiled
/// (which decides much of a cold start).</summary>
/// <param name="Program">The file to run: the <c>deepscan</c> app host, or <c>dotnet</c> when there is none.</param>
/// <param name="LeadingArguments">Arguments before the verb: the assembly's path when run through <c>dotnet</c>.
/// </param>
internal sealed record DeepScanExecutable(string Program, IReadOnlyList<string> LeadingArguments, bool ReadyToRun)
{
    private const string AssemblyFile = "deepscan.dll";

    /// <summary>The app host or assembly this process was started from, found beside <c>deepscan.dll</c>.</summary>
    public static DeepScanExecutable Current()
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, AssemblyFile);
        var host = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "deepscan.exe" : "deepscan");
        var readyToRun = IsReadyToRun(assembly);
        return File.Exists(host)
            ? new DeepScanExecutable(host, [], readyToRun)
            : new DeepScanExecutable(DotnetHost(), [assembly], readyToRun);
    }

    /// <summary>The arguments that run <paramref name="verbAndOptions"/>.</summary>
    public IEnumerable<string> Arguments(IEnumerable<string> verbAndOptions) => LeadingArguments.Concat(verbAndOptions);

    /// <summary>Whether the assembly carries precompiled native code (crossgen's ManagedNativeHeader).</summary>
    private static bool IsReadyToRun(string assembly)
    {
        if (!File.Exists(assembly))
        {
            return false;
        }

        using var stream = File.OpenRead(assembly);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>The <c>dotnet</c> that runs this process when it is one (tests, <c>dotnet deepscan.dll</c>).</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path
            && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? path
            : "dotnet";
}
