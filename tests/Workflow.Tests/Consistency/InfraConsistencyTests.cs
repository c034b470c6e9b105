using System.Text.RegularExpressions;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// Container names, the blob trigger's name and path, the Event Grid filter, the azd service and the pinned
/// versions agree across Bicep, host.json, azure.yaml, the Dockerfile, the docs and the Functions adapter.
/// </summary>
public sealed class InfraConsistencyTests
{
    [Theory]
    [InlineData("uploads", "Storage__UploadsContainer")]
    [InlineData("verdicts", "Storage__VerdictsContainer")]
    [InlineData("scans", "Storage__ScansContainer")]
    [InlineData("failed", "Storage__FailedContainer")]
    [InlineData("evidence", "Storage__EvidenceContainer")]
    public void ContainerNamesAgreeBetweenBicepAndTheLocalSettings(string role, string setting)
    {
        Assert.Equal(DeploymentFiles.LocalSettings()[setting], DeploymentFiles.BicepContainers()[role]);
        Assert.Equal($"containers.{role}", DeploymentFiles.BicepAppSettings()[setting]);
        Assert.Contains(
            $"containers.{role}\n", DeploymentFiles.Read("infra/bicep/main.bicep"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheUploadsSubscriptionSendsBlobCreatedEventsOfTheUploadsContainer()
    {
        var subscription = DeploymentFiles.Read("infra/bicep/app/uploads-subscription.bicep");

        Assert.Contains("'Microsoft.Storage.BlobCreated'", subscription, StringComparison.Ordinal);
        Assert.Contains("subjectBeginsWith: '/blobServices/default/containers/${uploadsContainerName}/'", subscription,
            StringComparison.Ordinal);
        // The URL carries the blobs_extension key, so it reaches the subscription as a secure parameter.
        Assert.Matches(@"@secure\(\)\s*(@description\('[^\n]*'\)\s*)?param endpointUrl string", subscription);
        Assert.Contains("endpointUrl: endpointUrl", subscription, StringComparison.Ordinal);
        var main = DeploymentFiles.Read("infra/bicep/main.bicep");
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.${blobFunctionName}&code=", main,
            StringComparison.Ordinal);
        Assert.Contains("uploadsContainerName: containers.uploads", main, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWebhookAddressesTheEventGridBlobTriggerOnTheUploadsContainer()
    {
        var trigger = Regex.Match(
            DeploymentFiles.FunctionsSources(),
            @"\[Function\((?<name>.+?)\)\]\s*public[^(]*\(\s*"
            + @"\[BlobTrigger\(""(?<container>[^/""]+)/\{name\}"", Source = BlobTriggerSource\.EventGrid");

        Assert.True(trigger.Success, "src/Functions has no [BlobTrigger(\"<container>/{name}\", Source = EventGrid)].");
        Assert.Equal(DeploymentFiles.BicepContainers()["uploads"], trigger.Groups["container"].Value);
        Assert.Equal($"nameof({DeploymentFiles.BicepVariable("blobFunctionName")})", trigger.Groups["name"].Value);
    }

    [Fact]
    public void TheFunctionsProjectShipsTheRepositoryHostJson()
    {
        Assert.Contains(
            "<None Include=\"../../host.json\" Link=\"host.json\"",
            DeploymentFiles.Read("src/Functions/Functions.csproj"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void DurableKeepsItsTaskHubInTheHostStorage()
    {
        var provider = DeploymentFiles.HostJson().GetProperty("extensions").GetProperty("durableTask")
            .GetProperty("storageProvider");
        var connection = provider.GetProperty("connectionName").GetString()!;

        Assert.Contains(connection, DeploymentFiles.LocalSettings().Keys);
        Assert.Contains($"{connection}__accountName", DeploymentFiles.BicepAppSettings().Keys);
        Assert.Contains($"{connection}__credential", DeploymentFiles.BicepAppSettings().Keys);
    }

    [Fact]
    public void ActivityConcurrencyIsTheDocumentedOneGpuValue()
    {
        var limit = DeploymentFiles.HostJson().GetProperty("extensions").GetProperty("durableTask")
            .GetProperty("maxConcurrentActivityFunctions").GetInt32();

        Assert.Contains($"\"maxConcurrentActivityFunctions\": {limit}", DeploymentFiles.Read("docs/deploy.md"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void AzdDeploysTheAppBicepTagsWithTheDockerfileThatExists()
    {
        var azure = DeploymentFiles.Read("azure.yaml");

        Assert.Matches(@"(?m)^  functions:\n    project: \./src/Functions\n", azure);
        Assert.Contains("path: ./Dockerfile", azure, StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': 'functions'", DeploymentFiles.Read("infra/bicep/app/functions.bicep"),
            StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DeploymentFiles.RepoRoot, "src", "Functions", "Dockerfile")));
        Assert.True(File.Exists(Path.Combine(DeploymentFiles.RepoRoot, "infra", "bicep", "main.bicep")));
    }

    [Fact]
    public void TheImageShipsTheOnnxRuntimeVersionTheBuildRestores()
    {
        var image = Regex.Match(DeploymentFiles.Read("src/Functions/Dockerfile"), @"ARG ORT_VERSION=(?<v>[\d.]+)");
        var packages = DeploymentFiles.Read("Directory.Packages.props");
        var cpu = Regex.Match(packages, @"""Microsoft\.ML\.OnnxRuntime"" Version=""(?<v>[\d.]+)""");
        var gpu = Regex.Match(packages, @"""Microsoft\.ML\.OnnxRuntime\.Gpu\.Linux"" Version=""(?<v>[\d.]+)""");

        Assert.True(image.Success && cpu.Success && gpu.Success, "ORT version not found in the Dockerfile or packages.");
        Assert.Equal(cpu.Groups["v"].Value, gpu.Groups["v"].Value);
        Assert.Equal(gpu.Groups["v"].Value, image.Groups["v"].Value);
    }

    [Fact]
    public void TheImageTakesOnnxRuntimeFromTheRestoredGpuPackageOnCuda13()
    {
        var dockerfile = DeploymentFiles.Read("src/Functions/Dockerfile");

        Assert.Contains("-p:DeepScanGpu=true", dockerfile, StringComparison.Ordinal);
        Assert.Contains("test -f /app/publish/libonnxruntime_providers_cuda.so", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("github.com/microsoft/onnxruntime", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"ARG CUDA_IMAGE=nvidia/cuda:13\.[\d.]+-cudnn-runtime-", dockerfile);
        Assert.Contains(
            @"Include=""Microsoft.ML.OnnxRuntime.Gpu.Linux"" Condition=""'$(DeepScanGpu)' == 'true'""",
            DeploymentFiles.Read("src/Detection/Detection.csproj"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void TheScanEventsTopicTakesCloudEvents()
    {
        Assert.Contains("inputSchema: 'CloudEventSchemaV1_0'", DeploymentFiles.Read("infra/bicep/app/events.bicep"),
            StringComparison.Ordinal);
    }
}
