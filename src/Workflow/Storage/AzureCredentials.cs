using Azure.Core;
using Azure.Identity;

namespace DeepScan.Workflow.Storage;

/// <summary>The token credential for Azure services when no key is configured: managed identity in Azure,
/// developer sign-ins (Azure CLI, Visual Studio) elsewhere.</summary>
public static class AzureCredentials
{
    /// <param name="managedIdentityClientId">A user-assigned identity's client id; null lets DefaultAzureCredential
    /// use <c>AZURE_CLIENT_ID</c> or the system-assigned identity.</param>
    public static TokenCredential Default(string? managedIdentityClientId)
    {
        var options = new DefaultAzureCredentialOptions();
        if (!string.IsNullOrWhiteSpace(managedIdentityClientId))
        {
            options.ManagedIdentityClientId = managedIdentityClientId;
        }

        return new DefaultAzureCredential(options);
    }
}
