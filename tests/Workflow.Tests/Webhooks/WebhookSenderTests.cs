using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Webhooks;

/// <summary>The sender against a real Kestrel receiver on 127.0.0.1.</summary>
public sealed class WebhookSenderTests
{
    private const string Body = "{\"id\":\"scan-1\",\"status\":\"completed\"}";
    private static readonly string SecretText =
        "whsec_" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    private static readonly WebhookSecret Secret = WebhookSecret.Parse(SecretText);

    [Fact]
    public async Task Delivers_a_signed_webhook_the_receiver_can_verify()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        var attempt = await Sender(Loopback()).SendAsync(Message(receiver.HookUrl), CancellationToken.None);

        Assert.Equal(WebhookAttempt.Succeeded(200), attempt);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(
            ("/hooks", "application/json; charset=utf-8", Body), (received.Path, received.ContentType, received.Text));
        received.Verify(SecretText);
    }

    [Fact]
    public async Task Sends_no_signature_without_a_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        await Sender(Loopback()).SendAsync(Message(receiver.HookUrl) with { Secret = null }, CancellationToken.None);

        var received = Assert.Single(receiver.Received);
        Assert.Equal(("msg_1", (string?)null), (received.Id, received.Signature));
    }

    [Fact]
    public async Task Connects_only_to_the_address_it_checks_at_connect_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var rebinding = new StaticHostResolver(new Dictionary<string, System.Net.IPAddress[][]>
        {
            ["hooks.example"] = [[System.Net.IPAddress.Parse("93.184.216.34")], [System.Net.IPAddress.Loopback]],
        });
        var url = $"http://hooks.example:{receiver.BaseUrl.Port}/hooks";

        var sender = Sender(new WebhookOptions { AllowHttp = true }, rebinding);

        var attempt = await sender.SendAsync(Message(url), CancellationToken.None);

        Assert.False(attempt.Delivered);
        Assert.True(attempt.Permanent);
        Assert.Contains("loopback", attempt.Error);
        Assert.Equal(2, rebinding.LookupsOf("hooks.example"));
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Connects_to_the_resolved_address_rather_than_asking_dns_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var names = new StaticHostResolver(new Dictionary<string, string[]> { ["hooks.example"] = ["127.0.0.1"] });

        var attempt = await Sender(Loopback(), names)
            .SendAsync(Message($"http://hooks.example:{receiver.BaseUrl.Port}/hooks"), CancellationToken.None);

        Assert.True(attempt.Delivered);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Does_not_follow_redirects()
    {
        await using var receiver = await WebhookReceiver.StartAsync(status: _ => 302);

        var attempt = await Sender(Loopback()).SendAsync(Message(receiver.HookUrl), CancellationToken.None);

        Assert.Equal((false, 302, true), (attempt.Delivered, attempt.StatusCode, attempt.Permanent));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Reports_a_server_error_as_worth_retrying()
    {
        await using var receiver = await WebhookReceiver.StartAsync(status: _ => 500);

        var attempt = await Sender(Loopback()).SendAsync(Message(receiver.HookUrl), CancellationToken.None);

        Assert.Equal(WebhookAttempt.Failed("The callback answered 500.", 500), attempt);
    }

    [Fact]
    public async Task Gives_up_on_a_receiver_slower_than_the_timeout()
    {
        await using var receiver = await WebhookReceiver.StartAsync(delay: TimeSpan.FromSeconds(5));
        var options = Loopback();
        options.Timeout = TimeSpan.FromMilliseconds(200);

        var attempt = await Sender(options).SendAsync(Message(receiver.HookUrl), CancellationToken.None);

        Assert.Equal(WebhookAttempt.Failed("The callback did not answer within 0.2 s."), attempt);
    }

    [Fact]
    public async Task Refuses_a_forbidden_url_without_sending()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        var sender = Sender(new WebhookOptions { AllowHttp = true });

        var attempt = await sender.SendAsync(Message(receiver.HookUrl), CancellationToken.None);

        Assert.True(attempt.Permanent);
        Assert.Empty(receiver.Received);
    }

    private static WebhookOptions Loopback() => new() { AllowLoopback = true, AllowHttp = true };

    private static WebhookMessage Message(string url) => new(url, "msg_1", Body, Secret);

    private static WebhookSender Sender(WebhookOptions options, IHostAddressResolver? resolver = null)
    {
        var wrapped = Options.Create(options);
        var validator = new CallbackUrlValidator(wrapped, resolver ?? new DnsHostAddressResolver());
        return new WebhookSender(
            new HttpClient(WebhookHttpHandler.Create(validator)),
            validator,
            TimeProvider.System,
            wrapped,
            NullLogger<WebhookSender>.Instance);
    }
}
