namespace DeepScan.Workflow.Webhooks;

/// <summary>One webhook to send: where, its Standard Webhooks id, the JSON body and the signing secret.</summary>
/// <param name="MessageId">Stable across the retries of one event (see <see cref="WebhookMessageIds"/>).</param>
/// <param name="Secret">Null to send unsigned.</param>
public sealed record WebhookMessage(string Url, string MessageId, string Body, WebhookSecret? Secret);

/// <summary>Message ids for scan webhooks, derived from the scan so every retry of a delivery shares one.</summary>
public static class WebhookMessageIds
{
    public static string For(string scanId, int webhookIndex) =>
        $"msg_{new string(scanId.Select(Safe).ToArray())}_{webhookIndex}";

    /// <summary>Ids may not contain '.', which delimits the signed content; anything unusual becomes '_'.</summary>
    private static char Safe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_';
}
