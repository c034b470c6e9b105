using DeepScan.Workflow.Events;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// The docs name the event the publisher sends. (That the Functions app has one function for every activity and
/// orchestrator the workflow calls by name is checked on the build's own functions.metadata, in Functions.Tests.)
/// </summary>
public sealed class AdapterConsistencyTests
{
    [Fact]
    public void TheDocumentedEventTypeIsTheOneThePublisherSends()
    {
        Assert.Contains(
            $"`{ScanEventTypes.Completed}`", DeploymentFiles.Read("docs/deploy.md"), StringComparison.Ordinal);
    }
}
