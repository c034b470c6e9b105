using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Tests.Replay;
using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow.Tests.Scans;

/// <summary>Webhook delivery inside the replayed workflow, against a real receiver on 127.0.0.1.</summary>
public sealed class ScanWorkflowWebhookTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly ScanHarness harness = new();

    [Fact]
    public async Task Delivers_the_status_document_signed_with_the_scan_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var input = await harness.CreateScanAsync(4, 2, webhooks: new WebhookRegistration(receiver.HookUrl, Secret));

        var run = await Run(input);

        Assert.Equal([new WebhookOutcome(0, true, 1, 200, null)], run.Result.Webhooks);
        var received = Assert.Single(receiver.Received);
        received.Verify(Secret);
        var record = await harness.RecordAsync(input.ScanId);
        var verdict = await harness.Store.ReadVerdictAsync(input.ScanId, CancellationToken.None);
        Assert.Equal(WorkflowJson.Serialize(ScanStatusResponse.From(record, verdict)), received.Text);
        Assert.Contains("\"status\":\"completed\"", received.Text);
        Assert.Equal(WebhookMessageIds.For(input.ScanId, 0), received.Id);
        Assert.Equal([new WebhookDeliveryRecord(receiver.HookUrl, true, 1, 200, null)], record.Deliveries!);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_retried_with_backoff_and_its_failure_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(status: _ => 503);
        var input = await harness.CreateScanAsync(4, 2, webhooks: new WebhookRegistration(receiver.HookUrl, null));

        var run = await Run(input);

        Assert.Equal(ScanStatus.Completed, run.Result.Status);
        var outcome = Assert.Single(run.Result.Webhooks);
        Assert.Equal((false, 3, 503), (outcome.Delivered, outcome.Attempts, outcome.LastStatusCode));
        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        var delivery = Assert.Single((await harness.RecordAsync(input.ScanId)).Deliveries!);
        Assert.Equal(
            new WebhookDeliveryRecord(receiver.HookUrl, false, 3, 503, "The callback answered 503."), delivery);
        var policy = ScanRetryPolicies.Webhook(3);
        var attempts = run.Record.History.Completed
            .Where(c => run.Record.History.Scheduled[c.Id].Name == ScanActivityNames.DeliverWebhook).ToList();
        Assert.Equal(
            [policy.DelayAfterAttempt(1), policy.DelayAfterAttempt(2)],
            run.Timers.Zip(attempts, (timer, attempt) => timer.FireAt!.Value - attempt.Timestamp));
    }

    [Fact]
    public async Task A_410_stops_the_retries_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(status: _ => 410);
        var input = await harness.CreateScanAsync(4, 2, webhooks: new WebhookRegistration(receiver.HookUrl, null));

        var run = await Run(input);

        var outcome = Assert.Single(run.Result.Webhooks);
        Assert.Equal((false, 1, 410), (outcome.Delivered, outcome.Attempts, outcome.LastStatusCode));
        Assert.Empty(run.Timers);
    }

    [Fact]
    public async Task Each_registered_webhook_gets_its_own_delivery()
    {
        await using var good = await WebhookReceiver.StartAsync();
        await using var bad = await WebhookReceiver.StartAsync(status: _ => 500);
        var input = await harness.CreateScanAsync(
            4,
            2,
            webhooks: [new WebhookRegistration(good.HookUrl, Secret), new WebhookRegistration(bad.HookUrl, null)]);

        var run = await Run(input);

        Assert.Equal([true, false], run.Result.Webhooks.Select(w => w.Delivered));
        Assert.Equal(
            [good.HookUrl, bad.HookUrl],
            (await harness.RecordAsync(input.ScanId)).Deliveries!.Select(d => d.Url));
    }

    [Fact]
    public async Task A_webhook_that_joins_while_the_scan_runs_is_called_when_it_finishes()
    {
        await using var first = await WebhookReceiver.StartAsync();
        await using var joined = await WebhookReceiver.StartAsync();
        var store = new InMemoryScanStore();
        var scanId = "";
        var harness = new ScanHarness
        {
            Store = store,
            Engine = new ScriptedEngine
            {
                // What ScanStarter does for a second request naming the running scan.
                WhileScoring = chunk => store.UpdateAsync(
                    scanId,
                    r => r.Webhooks.Length == 2 ? r : r with { Webhooks = [.. r.Webhooks, new(joined.HookUrl, Secret)] },
                    CancellationToken.None).GetAwaiter().GetResult(),
            },
        };
        var input = await harness.CreateScanAsync(4, 2, webhooks: new WebhookRegistration(first.HookUrl, null));
        scanId = input.ScanId;

        var run = await new DurableReplayHost(harness.Registry())
            .RunAsync<ScanWorkflowResult>(ScanWorkflow.Name, input.ScanId, input);

        Assert.Equal([true, true], run.Result.Webhooks.Select(w => w.Delivered));
        Assert.Single(first.Received);
        Assert.Single(joined.Received).Verify(Secret);
        Assert.Equal(
            [first.HookUrl, joined.HookUrl], (await harness.RecordAsync(input.ScanId)).Deliveries!.Select(d => d.Url));
    }

    private Task<ReplayRun<ScanWorkflowResult>> Run(ScanWorkflowInput input) =>
        new DurableReplayHost(harness.Registry()).RunAsync<ScanWorkflowResult>(ScanWorkflow.Name, input.ScanId, input);
}
