using System.Text;
using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    // The vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks, libraries/*/tests).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = "{\"test\": 2432232314}";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly WebhookSecret Secret = WebhookSecret.Parse(VectorSecret);
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    [Fact]
    public void Signs_the_reference_vector() =>
        Assert.Equal(VectorSignature, WebhookSigner.Sign(Secret, VectorId, SentAt, VectorBody));

    [Fact]
    public void Verifies_the_reference_vector_within_the_tolerance() =>
        WebhookSigner.Verify(
            Secret,
            VectorId,
            $"{VectorTimestamp}",
            VectorSignature,
            Encoding.UTF8.GetBytes(VectorBody),
            SentAt.AddMinutes(4));

    [Fact]
    public void Accepts_a_header_where_any_v1_signature_matches() =>
        WebhookSigner.Verify(
            Secret,
            VectorId,
            $"{VectorTimestamp}",
            $"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,abc {VectorSignature}",
            Encoding.UTF8.GetBytes(VectorBody),
            SentAt);

    public static TheoryData<string, string?, string?, string?, string, long> Forgeries => new()
    {
        { "tampered body", VectorId, $"{VectorTimestamp}", VectorSignature, "{\"test\": 2432232315}", 0 },
        { "other id", "msg_other", $"{VectorTimestamp}", VectorSignature, VectorBody, 0 },
        { "other timestamp", VectorId, $"{VectorTimestamp + 1}", VectorSignature, VectorBody, 0 },
        { "too old", VectorId, $"{VectorTimestamp}", VectorSignature, VectorBody, 301 },
        { "too new", VectorId, $"{VectorTimestamp}", VectorSignature, VectorBody, -301 },
        { "no id", null, $"{VectorTimestamp}", VectorSignature, VectorBody, 0 },
        { "no timestamp", VectorId, null, VectorSignature, VectorBody, 0 },
        { "no signature", VectorId, $"{VectorTimestamp}", null, VectorBody, 0 },
        { "timestamp not a number", VectorId, "1614265330.5", VectorSignature, VectorBody, 0 },
        { "only another scheme", VectorId, $"{VectorTimestamp}", VectorSignature.Replace("v1,", "v2,"), VectorBody, 0 },
        { "not base64", VectorId, $"{VectorTimestamp}", "v1,!!!", VectorBody, 0 },
        { "truncated", VectorId, $"{VectorTimestamp}", VectorSignature[..^4], VectorBody, 0 },
        { "no comma", VectorId, $"{VectorTimestamp}", "v1", VectorBody, 0 },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void Refuses(string why, string? id, string? timestamp, string? signature, string body, long secondsLater)
    {
        var failure = Assert.Throws<WebhookVerificationException>(() => WebhookSigner.Verify(
            Secret, id, timestamp, signature, Encoding.UTF8.GetBytes(body), SentAt.AddSeconds(secondsLater)));
        Assert.False(string.IsNullOrEmpty(failure.Message), why);
    }

    [Fact]
    public void Refuses_a_signature_made_with_another_secret()
    {
        var other = WebhookSecret.Parse("whsec_" + Convert.ToBase64String(new byte[32]));
        var signature = WebhookSigner.Sign(other, VectorId, SentAt, VectorBody);

        Assert.Throws<WebhookVerificationException>(() => WebhookSigner.Verify(
            Secret, VectorId, $"{VectorTimestamp}", signature, Encoding.UTF8.GetBytes(VectorBody), SentAt));
    }

    [Theory]
    [InlineData("msg.1")]
    [InlineData("")]
    public void Will_not_sign_an_id_that_would_blur_the_signed_content(string id) =>
        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(Secret, id, SentAt, VectorBody));
}
