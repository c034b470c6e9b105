namespace DeepScan.Workflow.Webhooks;

/// <summary>One webhook to send: where, its Standard Webhooks id, the JSON body and the signing secret.</summary>
/// <param name="MessageId">Stable across the retries of one event (see <see cref="WebhookMessageIds"/>).</param>
/// <param name="Secret">Null to send unsigned.</param>
public sealed record WebhookMessage(string Url, string MessageId, string Body, WebhookSecret? Secret);

/// <summary>Message ids for scan webhooks: derived from the scan, so every retry of one delivery shares its id.</summary>
public static class WebhookMessageIds
{
    public static string For(string scanId, int webhookIndex) =>
        $"msg_{new string(scanId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray())}_{webhookIndex}";
}
