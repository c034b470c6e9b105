using System.Diagnostics;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// <c>infra/bicep</c> compiles and passes the linter with the Bicep CLI setup installs (NuGet
/// <c>Azure.Bicep.CommandLine.linux-x64</c>): no error and no warning, as <c>azd provision</c> would see it.
/// </summary>
public sealed class BicepTests
{
    private static readonly string Bicep = Path.Combine(DeploymentFiles.RepoRoot, ".deepscan", "bicep", "bicep");
    private static readonly string Main = Path.Combine(DeploymentFiles.RepoRoot, "infra", "bicep", "main.bicep");

    [Fact]
    public async Task MainBicepBuildsWithoutErrorsOrWarnings()
    {
        var output = Path.Combine(Path.GetTempPath(), $"deepscan-main-{Guid.NewGuid():N}.json");
        try
        {
            var (code, diagnostics) = await RunAsync("build", Main, "--outfile", output);

            Assert.True(code == 0 && diagnostics.Length == 0, $"bicep build exited {code}:\n{diagnostics}");
            Assert.Contains("\"$schema\"", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task MainBicepPassesTheLinter()
    {
        var (code, diagnostics) = await RunAsync("lint", Main);

        Assert.True(code == 0 && diagnostics.Length == 0, $"bicep lint exited {code}:\n{diagnostics}");
    }

    /// <returns>The exit code, and what the CLI wrote (diagnostics go to standard error).</returns>
    private static async Task<(int Code, string Diagnostics)> RunAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Bicep), $"{Bicep} is missing: run ./setup.sh, which installs the Bicep CLI.");
        var start = new ProcessStartInfo(Bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["BICEP_TRACING_ENABLED"] = "false", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }
}
