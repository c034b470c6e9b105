namespace DeepScan.Workflow.Webhooks;

/// <summary>Sends one webhook attempt and reports how it went, never throwing for what the receiver answers.</summary>
public interface IWebhookSender
{
    Task<WebhookAttempt> SendAsync(WebhookMessage message, CancellationToken cancellationToken);
}
