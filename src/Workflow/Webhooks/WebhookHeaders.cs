namespace DeepScan.Workflow.Webhooks;

/// <summary>The Standard Webhooks request headers.</summary>
public static class WebhookHeaders
{
    /// <summary>The message id: the same on every retry of one event, so receivers can deduplicate.</summary>
    public const string Id = "webhook-id";

    /// <summary>The attempt's time in unix seconds.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>Space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> signatures.</summary>
    public const string Signature = "webhook-signature";
}
