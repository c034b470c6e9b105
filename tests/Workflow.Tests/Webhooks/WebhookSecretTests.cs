using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow.Tests.Webhooks;

public sealed class WebhookSecretTests
{
    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void Accepts_whsec_and_base64_of_24_to_64_bytes(int bytes) =>
        Assert.True(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[bytes]), out _, out _));

    [Theory]
    [InlineData(null, "starts with 'whsec_'")]
    [InlineData("", "starts with 'whsec_'")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "starts with 'whsec_'")]
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "starts with 'whsec_'")]
    [InlineData("whsec_not*base64!", "not valid base64")]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "decodes to 23 bytes")]
    [InlineData("whsec_", "decodes to 0 bytes")]
    public void Refuses_with_a_reason(string? value, string reason)
    {
        Assert.False(WebhookSecret.TryParse(value, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Refuses_keys_longer_than_64_bytes() =>
        Assert.Throws<FormatException>(() => WebhookSecret.Parse("whsec_" + Convert.ToBase64String(new byte[65])));

    [Fact]
    public void Never_prints_the_key() =>
        Assert.DoesNotContain("MfKQ", WebhookSecret.Parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ToString());
}
