using System.Runtime.CompilerServices;

namespace DeepScan.Cli.Benchmarking;

/// <summary>How to start this very <c>deepscan</c> build in a fresh process, and whether it is a native executable
/// (which decides much of a cold start).</summary>
/// <param name="Program">The file to run: the native executable or app host, or <c>dotnet</c> when there is none.
/// </param>
/// <param name="LeadingArguments">Arguments before the verb: the assembly's path when run through <c>dotnet</c>.
/// </param>
/// <param name="Native">Compiled ahead of time into one native executable (setup.sh's <c>.deepscan/bin</c>), rather
/// than compiled by the JIT as it runs.</param>
internal sealed record DeepScanExecutable(string Program, IReadOnlyList<string> LeadingArguments, bool Native)
{
    private const string AssemblyFile = "deepscan.dll";

    /// <summary>This process's own executable when it is native; else the app host or assembly found beside
    /// <c>deepscan.dll</c>.</summary>
    public static DeepScanExecutable Current()
    {
        // A native executable cannot generate code, and has no assembly file beside it.
        if (!RuntimeFeature.IsDynamicCodeSupported && Environment.ProcessPath is { } self)
        {
            return new DeepScanExecutable(self, [], Native: true);
        }

        var assembly = Path.Combine(AppContext.BaseDirectory, AssemblyFile);
        var host = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "deepscan.exe" : "deepscan");
        return File.Exists(host)
            ? new DeepScanExecutable(host, [], Native: false)
            : new DeepScanExecutable(DotnetHost(), [assembly], Native: false);
    }

    /// <summary>How the build was compiled, for reports.</summary>
    public string Compilation => Native ? "native, compiled ahead of time" : "JIT: compiled as it runs";

    /// <summary>The arguments that run <paramref name="verbAndOptions"/>.</summary>
    public IEnumerable<string> Arguments(IEnumerable<string> verbAndOptions) => LeadingArguments.Concat(verbAndOptions);

    /// <summary>The <c>dotnet</c> that runs this process when it is one (tests, <c>dotnet deepscan.dll</c>).</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path
            && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? path
            : "dotnet";
}
