using System.Reflection;
using DeepScan.Detection.Engine;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Workflow.Tests.Consistency;

/// <summary>
/// The app settings agree across local.settings.sample.json, the Functions app's Bicep, the Dockerfile and the C#
/// options classes, so a setting renamed in one place cannot silently stop reaching the app in another.
/// </summary>
public sealed class SettingsConsistencyTests
{
    // Locally storage is a connection string (Azurite); in Azure it is an account reached with the app's identity.
    private static readonly HashSet<string> LocalOnly = ["AzureWebJobsStorage", "Storage__ConnectionString"];

    // Identity, telemetry and Event Grid exist only in Azure: locally there is no topic, so publishing is off.
    private static readonly HashSet<string> AzureOnly =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsSecretStorageType",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AZURE_CLIENT_ID",
        "Storage__ServiceUri",
        "Storage__ManagedIdentityClientId",
        "EventGrid__TopicEndpoint",
        "EventGrid__ManagedIdentityClientId",
    ];

    [Fact]
    public void EveryLocalSettingIsAlsoSetInAzure()
    {
        var azure = DeploymentFiles.BicepAppSettings().Keys.Concat(DeploymentFiles.DockerfileEnv().Keys).ToHashSet();

        var missing = DeploymentFiles.LocalSettings().Keys.Where(k => !LocalOnly.Contains(k) && !azure.Contains(k));

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryAzureSettingHasALocalValue()
    {
        var local = DeploymentFiles.LocalSettings();

        var missing = DeploymentFiles.BicepAppSettings().Keys
            .Where(k => !AzureOnly.Contains(k) && !local.ContainsKey(k));

        Assert.Empty(missing);
    }

    [Fact]
    public void AzureOnlySettingsAreReallySetInAzure()
    {
        var missing = AzureOnly.Except(DeploymentFiles.BicepAppSettings().Keys);

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(DeepScanPaths.ModelDirVariable)]
    [InlineData(DeepScanPaths.ManifestVariable)]
    public void TheImageSetsThePathVariablesTheEngineReads(string variable)
    {
        Assert.True(DeploymentFiles.DockerfileEnv().TryGetValue(variable, out var value) && value.StartsWith('/'),
            $"The Dockerfile sets no absolute {variable}.");
        Assert.True(
            DeploymentFiles.LocalSettings().ContainsKey(variable), $"local.settings.sample.json lacks {variable}.");
    }

    [Fact]
    public void SectionedSettingsNameRealOptionsProperties()
    {
        var options = OptionsClasses();
        var checkedSections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var settings = DeploymentFiles.LocalSettings().Keys.Concat(DeploymentFiles.BicepAppSettings().Keys).Distinct();

        foreach (var key in settings.Where(k => k.Contains("__", StringComparison.Ordinal)))
        {
            var section = key[..key.IndexOf("__", StringComparison.Ordinal)];
            if (!options.TryGetValue(section, out var type))
            {
                continue;
            }

            var property = key[(section.Length + 2)..];
            Assert.True(
                type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                    is { CanWrite: true },
                $"Setting {key} names no settable property of {type.Name} (section {section}).");
            checkedSections.Add(section);
        }

        Assert.Contains(DetectionOptions.SectionName, checkedSections);
    }

    [Fact]
    public void TheDeviceIsCpuLocallyAndCudaInTheGpuImage()
    {
        var key = $"{DetectionOptions.SectionName}__{nameof(DetectionOptions.Device)}";

        Assert.Equal(ExecutionDevice.Cpu, ParseDevice(DeploymentFiles.LocalSettings()[key]));
        Assert.Equal(ExecutionDevice.Cuda, ParseDevice(DeploymentFiles.BicepAppSettings()[key].Trim('\'')));
        Assert.Equal(ExecutionDevice.Cuda, ParseDevice(DeploymentFiles.DockerfileEnv()[key]));
    }

    [Fact]
    public void TheEntrypointSelfChecksOnTheSameDeviceSetting()
    {
        var entrypoint = DeploymentFiles.Read("src/Functions/docker-entrypoint.sh");
        var key = $"{DetectionOptions.SectionName}__{nameof(DetectionOptions.Device)}";

        Assert.Contains($"${{{key}:-cpu}}\" == \"cuda\"", entrypoint, StringComparison.Ordinal);
        Assert.Contains("DeepScan.Functions.dll selfcheck", entrypoint, StringComparison.Ordinal);
        Assert.Contains("Command = \"selfcheck\"", DeploymentFiles.FunctionsSources(), StringComparison.Ordinal);
    }

    private static ExecutionDevice ParseDevice(string value) =>
        Enum.TryParse<ExecutionDevice>(value, ignoreCase: true, out var device)
            ? device
            : throw new Xunit.Sdk.XunitException($"'{value}' is not an {nameof(ExecutionDevice)}.");

    /// <summary>Every options class of the engine and the workflow, by its <c>SectionName</c> constant.</summary>
    private static Dictionary<string, Type> OptionsClasses() =>
        new[] { typeof(DetectionOptions).Assembly, typeof(Workflow.Storage.IScanStore).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);
}
