using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Options;
using Code = DeepScan.Workflow.Http.ScanRequestErrorCode;

namespace DeepScan.Workflow.Tests.Http;

public sealed class ScanRequestValidatorTests
{
    private const string Container = "https://acct.blob.core.windows.net/uploads";
    private const string Hook = "https://hooks.example/h";
    private static readonly string GoodSecret = "whsec_" + Convert.ToBase64String(new byte[32]);
    private static readonly string ShortSecret = "whsec_" + Convert.ToBase64String(new byte[16]);

    private static readonly StaticHostResolver Names = new(new Dictionary<string, string[]>
    {
        ["hooks.example"] = ["93.184.216.34"],
        ["internal.example"] = ["10.0.0.7"],
    });

    public static TheoryData<ScanRequest, string, Code> Invalid => new()
    {
        { new ScanRequest(), "blobName", Code.Required },
        { new ScanRequest("a.mp4", $"{Container}/a.mp4"), "blobUrl", Code.Conflict },
        { new ScanRequest(""), "blobName", Code.Required },
        { new ScanRequest("../etc/passwd"), "blobName", Code.UnsafeName },
        { new ScanRequest("videos/../../secret.mp4"), "blobName", Code.UnsafeName },
        { new ScanRequest("/abs/clip.mp4"), "blobName", Code.UnsafeName },
        { new ScanRequest("a\u0001b.mp4"), "blobName", Code.UnsafeName },
        { new ScanRequest("a\nb.mp4"), "blobName", Code.UnsafeName },
        { new ScanRequest("dir\\clip.mp4"), "blobName", Code.UnsafeName },
        { new ScanRequest("dir//clip.mp4"), "blobName", Code.UnsafeName },
        { new ScanRequest("dir/./clip.mp4"), "blobName", Code.UnsafeName },
        { new ScanRequest("dir/"), "blobName", Code.UnsafeName },
        { new ScanRequest("clip."), "blobName", Code.UnsafeName },
        { new ScanRequest(new string('a', 1025)), "blobName", Code.TooLong },
        { FromUrl("https://acct.blob.core.windows.net/other/clip.mp4"), "blobUrl", Code.Invalid },
        { FromUrl("https://evil.example/uploads/clip.mp4"), "blobUrl", Code.Invalid },
        { FromUrl("http://acct.blob.core.windows.net/uploads/clip.mp4"), "blobUrl", Code.Invalid },
        { FromUrl($"{Container}/../secret.mp4"), "blobUrl", Code.Invalid },
        { FromUrl($"{Container}/dir/%2e%2e/%2e%2e/secret.mp4"), "blobUrl", Code.Invalid },
        { FromUrl($"{Container}/a%00b.mp4"), "blobUrl", Code.UnsafeName },
        { FromUrl("not a url"), "blobUrl", Code.Invalid },
        { new ScanRequest("a.mp4", CallbackSecret: GoodSecret), "callbackSecret", Code.Conflict },
        { WithCallback(Hook, "secret"), "callbackSecret", Code.Invalid },
        { WithCallback(Hook, ShortSecret), "callbackSecret", Code.Invalid },
        { WithCallback("http://hooks.example/h"), "callbackUrl", Code.ForbiddenCallback },
        { WithCallback("https://internal.example/h"), "callbackUrl", Code.ForbiddenCallback },
        { WithCallback("https://169.254.169.254/latest"), "callbackUrl", Code.ForbiddenCallback },
        { WithCallback("https://admin:pw@hooks.example/h"), "callbackUrl", Code.ForbiddenCallback },
        { WithCallback("hooks.example/h"), "callbackUrl", Code.Invalid },
        { WithCallback("https://nowhere.example/h"), "callbackUrl", Code.Invalid },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Refuses(ScanRequest request, string field, Code code)
    {
        var validation = await Validator().ValidateAsync(request, CancellationToken.None);

        Assert.False(validation.IsValid);
        var error = Assert.Single(validation.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
    }

    public static TheoryData<ScanRequest, ValidatedScanRequest> Valid => new()
    {
        { new ScanRequest("uploads/2025/clip.mp4"), new ValidatedScanRequest("uploads/2025/clip.mp4", null) },
        {
            FromUrl($"{Container}/dir/clip%20one.mp4?sv=2024&sig=abc"),
            new ValidatedScanRequest("dir/clip one.mp4", null)
        },
        {
            WithCallback(Hook + "?t=1", GoodSecret),
            new ValidatedScanRequest("a.mp4", new WebhookRegistration(Hook + "?t=1", GoodSecret))
        },
        { WithCallback(Hook), new ValidatedScanRequest("a.mp4", new WebhookRegistration(Hook, null)) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Accepts(ScanRequest request, ValidatedScanRequest expected)
    {
        var validation = await Validator().ValidateAsync(request, CancellationToken.None);

        Assert.Empty(validation.Errors);
        Assert.Equal(expected, validation.Request);
    }

    [Fact]
    public async Task Refuses_blob_urls_when_there_is_no_uploads_container()
    {
        var validation = await Validator(container: null)
            .ValidateAsync(new ScanRequest(BlobUrl: $"{Container}/a.mp4"), CancellationToken.None);

        Assert.Equal(
            "This server has no uploads container; give a blobName.", Assert.Single(validation.Errors).Message);
    }

    [Fact]
    public async Task Reports_every_refused_field_as_one_problem_document()
    {
        var validation = await Validator().ValidateAsync(
            new ScanRequest("../x.mp4", null, "https://10.0.0.1/h", "nope"), CancellationToken.None);

        var problem = validation.ToProblem();

        Assert.Equal(
            (ProblemDocument.InvalidRequestType, 400, "/api/scans"), (problem.Type, problem.Status, problem.Instance));
        Assert.Equal(["#/blobName", "#/callbackSecret", "#/callbackUrl"], problem.Errors!.Select(e => e.Pointer));
        Assert.EndsWith("(and 2 more)", problem.Detail);
    }

    public static TheoryData<ScanUploadForm, string, Code> InvalidUploads => new()
    {
        { new ScanUploadForm(null, 0), "file", Code.Required },
        { new ScanUploadForm("clip.mp4", 0), "file", Code.Invalid },
        { new ScanUploadForm("clip.mp4", 2049), "file", Code.TooLarge },
        { new ScanUploadForm("../clip.mp4", 10), "file", Code.UnsafeName },
        { new ScanUploadForm("dir\\clip.mp4", 10), "file", Code.UnsafeName },
        { new ScanUploadForm("..", 10), "file", Code.UnsafeName },
        { new ScanUploadForm(new string('a', 256), 10), "file", Code.TooLong },
        { new ScanUploadForm("clip.mp4", 10, BlobName: "b.mp4"), "blobName", Code.Conflict },
        { new ScanUploadForm("clip.mp4", 10, BlobUrl: $"{Container}/b.mp4"), "blobUrl", Code.Conflict },
        { new ScanUploadForm("a.mp4", 10, CallbackUrl: "https://127.0.0.1/h"), "callbackUrl", Code.ForbiddenCallback },
    };

    [Theory]
    [MemberData(nameof(InvalidUploads))]
    public async Task Refuses_uploads(ScanUploadForm form, string field, Code code)
    {
        var validation = await Validator().ValidateUploadAsync(form, CancellationToken.None);

        var error = Assert.Single(validation.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
    }

    [Fact]
    public async Task Accepts_an_upload_with_a_webhook()
    {
        var validation = await Validator().ValidateUploadAsync(
            new ScanUploadForm("clip one.mp4", 2048, CallbackUrl: Hook, CallbackSecret: GoodSecret),
            CancellationToken.None);

        Assert.Equal(
            new ValidatedScanRequest("clip one.mp4", new WebhookRegistration(Hook, GoodSecret)),
            validation.Request);
    }

    private static ScanRequest FromUrl(string blobUrl) => new(BlobUrl: blobUrl);

    private static ScanRequest WithCallback(string url, string? secret = null) => new("a.mp4", null, url, secret);

    private static ScanRequestValidator Validator(string? container = Container) => new(
        new CallbackUrlValidator(Options.Create(new WebhookOptions()), Names),
        Options.Create(new ScanRequestOptions { UploadsContainerUrl = container, MaxUploadBytes = 2048 }));
}
