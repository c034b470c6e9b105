using System.Reflection;
using System.Text.RegularExpressions;
using DeepScan.Workflow.Http;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// The Functions app and <c>deepscan serve</c> answer with the same contract because both use the types in
/// <see cref="DeepScan.Workflow.Http"/>; the Functions project cannot be compiled here, so its source is read.
/// </summary>
public sealed partial class HttpContractConsistencyTests
{
    /// <summary>The shared request and response types: every public type of the Workflow's Http namespace.</summary>
    public static TheoryData<string> ContractTypes() => new(typeof(ScanRequest).Assembly.GetTypes()
        .Where(t => t.IsPublic && t.Namespace == typeof(ScanRequest).Namespace)
        .Select(t => t.Name));

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void NeitherHostDeclaresItsOwnCopyOfAContractType(string typeName)
    {
        foreach (var file in HostSources())
        {
            Assert.DoesNotMatch(
                new Regex($@"\b(class|record|struct|interface|enum)\s+{Regex.Escape(typeName)}\b"),
                File.ReadAllText(file));
        }
    }

    [Theory]
    [InlineData("src/Functions/Http/ScanHttpFunctions.cs")]
    [InlineData("src/Cli/Http/ScanSubmissions.cs")]
    public void BothHostsImportTheSharedContractAndAnswerWithIt(string path)
    {
        var source = DeploymentFiles.Read(path);

        Assert.Contains("using DeepScan.Workflow.Http;", source);
        Assert.Matches(SharedUse(), source);
    }

    private static IEnumerable<string> HostSources() =>
        new[] { "src/Functions", "src/Cli" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(DeploymentFiles.RepoRoot, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    [GeneratedRegex(@"\b(ScanRequestValidator|ScanAccepted|ScanStatusResponse)\b")]
    private static partial Regex SharedUse();
}
