using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Webhooks;

public sealed class CallbackUrlValidatorTests
{
    private static readonly StaticHostResolver Names = new(new Dictionary<string, string[]>
    {
        ["localhost"] = ["127.0.0.1", "::1"],
        ["public.example"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
        ["private.example"] = ["10.0.0.5"],
        ["mixed.example"] = ["93.184.216.34", "192.168.1.1"],
        ["metadata.example"] = ["169.254.169.254"],
        ["ula.example"] = ["fd00::1"],
        ["mapped.example"] = ["::ffff:127.0.0.1"],
        ["cgnat.example"] = ["100.64.1.1"],
        ["empty.example"] = [],
    });

    public static TheoryData<string, CallbackUrlError> Hostile => new()
    {
        { "", CallbackUrlError.Malformed },
        { "not a url", CallbackUrlError.Malformed },
        { "/relative/hook", CallbackUrlError.Malformed },
        { "https://public.example/a b", CallbackUrlError.Malformed },
        { "https://public.example/\u0000", CallbackUrlError.Malformed },
        { "https:\\\\public.example\\hook", CallbackUrlError.Malformed },
        { " https://public.example/", CallbackUrlError.Malformed },
        { "javascript:alert(1)", CallbackUrlError.Malformed },
        { "https://public.example/" + new string('a', 2048), CallbackUrlError.TooLong },
        { "http://public.example/hook", CallbackUrlError.SchemeNotAllowed },
        { "ftp://public.example/hook", CallbackUrlError.SchemeNotAllowed },
        { "file:///etc/passwd", CallbackUrlError.Malformed },
        { "gopher://public.example:70/_x", CallbackUrlError.SchemeNotAllowed },
        { "ws://public.example/hook", CallbackUrlError.SchemeNotAllowed },
        { "https://user:pass@public.example/hook", CallbackUrlError.UserInfoNotAllowed },
        { "https://public.example@10.0.0.1/hook", CallbackUrlError.UserInfoNotAllowed },
        { "https://127.0.0.1/hook", CallbackUrlError.ForbiddenAddress },
        { "https://127.1/hook", CallbackUrlError.ForbiddenAddress },
        { "https://2130706433/hook", CallbackUrlError.ForbiddenAddress },
        { "https://0x7f000001/hook", CallbackUrlError.ForbiddenAddress },
        { "https://0177.0.0.1/hook", CallbackUrlError.ForbiddenAddress },
        { "https://localhost/hook", CallbackUrlError.ForbiddenAddress },
        { "https://LOCALHOST./hook", CallbackUrlError.ForbiddenAddress },
        { "https://api.localhost/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[::1]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[::ffff:127.0.0.1]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[::ffff:a9fe:a9fe]/latest/meta-data", CallbackUrlError.ForbiddenAddress },
        { "https://169.254.169.254/latest/meta-data", CallbackUrlError.ForbiddenAddress },
        { "https://10.1.2.3/hook", CallbackUrlError.ForbiddenAddress },
        { "https://172.16.0.1/hook", CallbackUrlError.ForbiddenAddress },
        { "https://172.31.255.255/hook", CallbackUrlError.ForbiddenAddress },
        { "https://192.168.0.1/hook", CallbackUrlError.ForbiddenAddress },
        { "https://100.64.0.1/hook", CallbackUrlError.ForbiddenAddress },
        { "https://0.0.0.0/hook", CallbackUrlError.ForbiddenAddress },
        { "https://224.0.0.1/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[::]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[fe80::1]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[fc00::1]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[fd12:3456::1]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[ff02::1]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[64:ff9b::a9fe:a9fe]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://[2002:7f00:1::]/hook", CallbackUrlError.ForbiddenAddress },
        { "https://private.example/hook", CallbackUrlError.ForbiddenAddress },
        { "https://mixed.example/hook", CallbackUrlError.ForbiddenAddress },
        { "https://metadata.example/hook", CallbackUrlError.ForbiddenAddress },
        { "https://ula.example/hook", CallbackUrlError.ForbiddenAddress },
        { "https://mapped.example/hook", CallbackUrlError.ForbiddenAddress },
        { "https://cgnat.example/hook", CallbackUrlError.ForbiddenAddress },
        { "https://nowhere.example/hook", CallbackUrlError.Unresolvable },
        { "https://empty.example/hook", CallbackUrlError.Unresolvable },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Refuses_hostile_urls(string url, CallbackUrlError error)
    {
        var refused = await Assert.ThrowsAsync<CallbackUrlException>(() =>
            Validator().ValidateAsync(url, CancellationToken.None));

        Assert.Equal(error, refused.Error);
    }

    [Theory]
    [InlineData("https://public.example/hooks?token=abc")]
    [InlineData("https://PUBLIC.example:8443/hooks")]
    [InlineData("https://93.184.216.34/hooks")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hooks")]
    [InlineData("https://172.32.0.1/hooks")]
    [InlineData("https://100.128.0.1/hooks")]
    public async Task Accepts_public_https_urls(string url) =>
        Assert.Equal(new Uri(url), await Validator().ValidateAsync(url, CancellationToken.None));

    [Theory]
    [InlineData("https://127.0.0.1:5000/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://mapped.example/hooks")]
    public async Task Allows_loopback_only_when_configured(string url) =>
        await Validator(new WebhookOptions { AllowLoopback = true }).ValidateAsync(url, CancellationToken.None);

    [Theory]
    [InlineData("https://10.0.0.1/hooks")]
    [InlineData("https://169.254.169.254/hooks")]
    public async Task Allowing_loopback_allows_nothing_else(string url) =>
        await Assert.ThrowsAsync<CallbackUrlException>(() =>
            Validator(new WebhookOptions { AllowLoopback = true }).ValidateAsync(url, CancellationToken.None));

    [Fact]
    public async Task Allows_http_only_when_configured()
    {
        var url = "http://public.example/hooks";

        var allowing = Validator(new WebhookOptions { AllowHttp = true });

        Assert.Equal(new Uri(url), await allowing.ValidateAsync(url, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<CallbackUrlException>(
            () => Validator().ValidateAsync(url, CancellationToken.None));
        Assert.Equal("The callback URL must use https.", refused.Message);
    }

    [Fact]
    public async Task Resolves_real_names_through_the_system_resolver()
    {
        var validator = new CallbackUrlValidator(Options.Create(new WebhookOptions()), new DnsHostAddressResolver());

        var refused = await Assert.ThrowsAsync<CallbackUrlException>(() =>
            validator.ResolveAllowedAsync("localhost", CancellationToken.None));

        Assert.Equal(CallbackUrlError.ForbiddenAddress, refused.Error);
    }

    private static CallbackUrlValidator Validator(WebhookOptions? options = null) =>
        new(Options.Create(options ?? new WebhookOptions()), Names);
}
