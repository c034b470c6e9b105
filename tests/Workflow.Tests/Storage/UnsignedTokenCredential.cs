using System.Text;
using System.Text.Json;
using Azure.Core;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>
/// Stands in for Microsoft Entra ID, which cannot run here: issues storage access tokens shaped like Entra's
/// (issuer, audience, object and tenant ids, times) but unsigned, which is all Azurite's OAuth check reads.
/// </summary>
public sealed class UnsignedTokenCredential : TokenCredential
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string ObjectId = "0b4a9d3c-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddHours(1);
        var claims = new Dictionary<string, object>
        {
            ["aud"] = "https://storage.azure.com",
            ["iss"] = $"https://sts.windows.net/{TenantId}/",
            ["oid"] = ObjectId,
            ["tid"] = TenantId,
            ["iat"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        var token = $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url(JsonSerializer.Serialize(claims))}.";
        return new AccessToken(token, expires);
    }

    public override ValueTask<AccessToken> GetTokenAsync(
        TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
