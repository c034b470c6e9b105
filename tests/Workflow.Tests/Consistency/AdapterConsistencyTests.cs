using System.Reflection;
using DeepScan.Workflow.Events;
using DeepScan.Workflow.Scans;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// The Functions adapter, which the local build does not compile, still has one function for every activity and
/// orchestrator the workflow calls by name, so a step added to the workflow cannot be missing in Azure.
/// </summary>
public sealed class AdapterConsistencyTests
{
    public static TheoryData<string> ActivityNameFields() =>
        new(typeof(ScanActivityNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => f.Name));

    [Theory]
    [MemberData(nameof(ActivityNameFields))]
    public void EveryWorkflowActivityHasAnActivityFunction(string field)
    {
        Assert.Contains(
            $"[Function(ScanActivityNames.{field})]\n    public ",
            DeploymentFiles.FunctionsSources(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ScanWorkflow))]
    [InlineData(nameof(ScanChunkBatchWorkflow))]
    public void EveryWorkflowOrchestratorHasAnOrchestratorFunction(string type)
    {
        var function = $@"\[Function\({type}\.Name\)\]\s*public [^(]*";
        Assert.Matches(function + @"\(\[OrchestrationTrigger\] TaskOrchestrationContext context\)",
            DeploymentFiles.FunctionsSources());
    }

    [Fact]
    public void TheDocumentedEventTypeIsTheOneThePublisherSends()
    {
        Assert.Contains(
            $"`{ScanEventTypes.Completed}`", DeploymentFiles.Read("docs/deploy.md"), StringComparison.Ordinal);
    }
}
