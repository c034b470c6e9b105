namespace DeepScan.Workflow.Webhooks;

/// <summary>Webhook delivery settings, bound from the <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Allow callbacks to loopback addresses (127.0.0.0/8, ::1, localhost): local development only.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allow plain-http callbacks; https only when false.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>How long one delivery attempt may take; Standard Webhooks suggests 15–30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Delivery attempts per webhook, the first included, before the failure is recorded.</summary>
    public int MaxAttempts { get; set; } = 5;
}
