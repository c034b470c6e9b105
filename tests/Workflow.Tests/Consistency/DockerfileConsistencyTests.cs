using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// The container image builds what CI builds: the Dockerfile restores src/Functions with the solution's central
/// package versions and build settings, on the .NET and Functions versions the projects target.
/// </summary>
public sealed class DockerfileConsistencyTests
{
    private static readonly string Dockerfile = DeploymentFiles.Read("src/Functions/Dockerfile");

    [Theory]
    [InlineData("global.json")]
    [InlineData("nuget.config")]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Packages.props")]
    public void TheBuildStageCopiesTheFileThatFixesVersions(string file)
    {
        Assert.Matches($@"(?m)^COPY [^\n]*\b{Regex.Escape(file)}\b[^\n]* \./\n", Dockerfile);
    }

    [Fact]
    public void TheBuildStageCopiesEveryProjectTheFunctionsAppBuildsFrom()
    {
        foreach (var project in ProjectClosure("src/Functions/Functions.csproj"))
        {
            var folder = Path.GetDirectoryName(project)!.Replace('\\', '/');
            Assert.Matches($@"(?m)^COPY {Regex.Escape(folder)} {Regex.Escape(folder)}\n", Dockerfile);
        }
    }

    [Fact]
    public void PackageVersionsComeOnlyFromDirectoryPackagesProps()
    {
        foreach (var project in ProjectClosure("src/Functions/Functions.csproj"))
        {
            var xml = XDocument.Parse(DeploymentFiles.Read(project));
            Assert.DoesNotContain(xml.Descendants("PackageReference"), r => r.Attribute("Version") is not null);
            Assert.DoesNotContain(xml.Descendants("ManagePackageVersionsCentrally"), e => e.Value == "false");
        }

        Assert.DoesNotMatch(@"dotnet (add|restore|publish)[^\n]*(Version=|--version)", Dockerfile);
        var central = XDocument.Parse(DeploymentFiles.Read("Directory.Packages.props"));
        Assert.Contains(central.Descendants("PackageVersion"),
            v => (string?)v.Attribute("Include") == "Microsoft.Azure.Functions.Worker.Sdk");
    }

    [Fact]
    public void TheImagesMatchTheTargetFrameworkAndFunctionsVersion()
    {
        var framework = XDocument.Parse(DeploymentFiles.Read("Directory.Build.props"))
            .Descendants("TargetFramework").Single().Value;
        var major = Regex.Match(framework, @"^net(?<v>\d+)\.0$").Groups["v"].Value;
        var sdk = Regex.Match(DeploymentFiles.Read("global.json"), @"""version"": ""(?<v>\d+)\.").Groups["v"].Value;
        var functions = XDocument.Parse(DeploymentFiles.Read("src/Functions/Functions.csproj"))
            .Descendants("AzureFunctionsVersion").Single().Value.TrimStart('v');

        Assert.Equal(major, sdk);
        Assert.Contains($"mcr.microsoft.com/dotnet/sdk:{major}.0-", Dockerfile, StringComparison.Ordinal);
        Assert.Contains($"mcr.microsoft.com/dotnet/aspnet:{major}.0-", Dockerfile, StringComparison.Ordinal);
        Assert.Contains(
            $"mcr.microsoft.com/azure-functions/dotnet-isolated:{functions}-dotnet-isolated{major}.0",
            Dockerfile,
            StringComparison.Ordinal);
    }

    [Fact]
    public void TheModelsStageCopiesTheModelsThisRepositoryTrained()
    {
        // fetch_models.py installs a manifest file with a "repo" path from the build context; without it a build from a
        // clean clone (no .deepscan/models to copy) stops there.
        var stage = Dockerfile[Dockerfile.IndexOf(" AS models\n", StringComparison.Ordinal)..];
        stage = stage[..stage.IndexOf("\nFROM ", StringComparison.Ordinal)];
        var copied = Regex.Matches(stage, @"(?m)^COPY (?<from>\S+) (?<to>\S+)$")
            .Where(m => m.Groups["from"].Value == m.Groups["to"].Value)
            .Select(m => m.Groups["from"].Value.TrimEnd('/') + "/")
            .ToArray();
        var repoFiles = Regex.Matches(DeploymentFiles.Read("models/manifest.json"), @"""repo"": ""(?<path>[^""]+)""")
            .Select(m => m.Groups["path"].Value)
            .ToArray();

        Assert.NotEmpty(repoFiles);
        Assert.All(repoFiles, file => Assert.Contains(copied, folder => file.StartsWith(folder, StringComparison.Ordinal)));
    }

    /// <summary>A project and every project it references, transitively, as repository-relative paths.</summary>
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var found = new List<string>();
        var pending = new Queue<string>([project]);
        while (pending.TryDequeue(out var next))
        {
            if (found.Contains(next))
            {
                continue;
            }

            found.Add(next);
            var folder = Path.GetDirectoryName(next)!;
            foreach (var reference in XDocument.Parse(DeploymentFiles.Read(next)).Descendants("ProjectReference"))
            {
                var target = Path.Combine(DeploymentFiles.RepoRoot, folder, reference.Attribute("Include")!.Value);
                var path = Path.GetRelativePath(DeploymentFiles.RepoRoot, Path.GetFullPath(target));
                pending.Enqueue(path.Replace('\\', '/'));
            }
        }

        return found;
    }
}
