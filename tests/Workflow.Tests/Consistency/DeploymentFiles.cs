using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// The deployment files read as text: the settings, container names and function names they declare. Bicep and the
/// Dockerfile cannot be compiled here, so these readers pull out exactly the declarations the checks compare.
/// </summary>
internal static partial class DeploymentFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(RepoRoot, relativePath));

    /// <summary>The <c>Values</c> of <c>local.settings.sample.json</c>.</summary>
    public static IReadOnlyDictionary<string, string> LocalSettings()
    {
        using var document = JsonDocument.Parse(Read("local.settings.sample.json"));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
    }

    /// <summary>The container environment in the Functions app's Bicep: <c>{ name: 'X', value: ... }</c>.</summary>
    public static IReadOnlyDictionary<string, string> BicepAppSettings()
    {
        var bicep = Read("infra/bicep/app/functions.bicep");
        var start = bicep.IndexOf("env: [", StringComparison.Ordinal);
        Assert.True(start >= 0, "functions.bicep has no container env block.");
        var block = bicep[start..bicep.IndexOf(']', start)];
        return BicepEnvEntry().Matches(block)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
    }

    /// <summary>The <c>ENV</c> variables of the final Dockerfile stage (every <c>KEY=value</c> on ENV lines).</summary>
    public static IReadOnlyDictionary<string, string> DockerfileEnv()
    {
        var text = Read("src/Functions/Dockerfile").Replace("\\\n", " ", StringComparison.Ordinal);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match pair in DockerEnvPair().Matches(line[4..]))
            {
                env[pair.Groups["key"].Value] = pair.Groups["value"].Value;
            }
        }

        return env;
    }

    /// <summary>A string variable of main.bicep: <c>var name = 'value'</c>.</summary>
    public static string BicepVariable(string name)
    {
        var match = Regex.Match(Read("infra/bicep/main.bicep"), $@"^var {Regex.Escape(name)} = '(?<value>[^']*)'",
            RegexOptions.Multiline);
        Assert.True(match.Success, $"main.bicep declares no string variable '{name}'.");
        return match.Groups["value"].Value;
    }

    /// <summary>The <c>containers</c> object of main.bicep: role (uploads, verdicts, ...) to container name.</summary>
    public static IReadOnlyDictionary<string, string> BicepContainers()
    {
        var block = Regex.Match(Read("infra/bicep/main.bicep"), @"^var containers = \{(?<body>[^}]*)\}",
            RegexOptions.Multiline);
        Assert.True(block.Success, "main.bicep declares no 'containers' object.");
        return Regex.Matches(block.Groups["body"].Value, @"(?<role>\w+): '(?<name>[^']+)'")
            .ToDictionary(m => m.Groups["role"].Value, m => m.Groups["name"].Value, StringComparer.Ordinal);
    }

    /// <summary>The C# sources of the Functions adapter, which the local build does not compile.</summary>
    public static string FunctionsSources() => string.Join('\n',
        Directory.EnumerateFiles(Path.Combine(RepoRoot, "src", "Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));

    public static JsonElement HostJson()
    {
        using var document = JsonDocument.Parse(Read("host.json"));
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"^\s*\{ name: '(?<name>[^']+)', (?:value|secretRef): (?<value>.*) \}\s*$", RegexOptions.Multiline)]
    private static partial Regex BicepEnvEntry();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S*)")]
    private static partial Regex DockerEnvPair();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository (Serverless.sln not found).");
    }
}
