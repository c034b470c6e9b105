using System.Net;
using System.Text;
using System.Text.Json;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;

namespace DeepScan.Cli.Tests.Http;

/// <summary>Refused scan requests: every one is an RFC 9457 problem naming what to fix, and stores nothing.</summary>
public sealed class ScanRequestProblemTests(ServeHostFixture fixture) : IClassFixture<ServeHostFixture>
{
    private const string PublicHttps = "https://93.184.215.14/hooks"; // a literal public address: no DNS needed
    private const string GoodSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly ScanApi _api = fixture.Api;

    private const string BlobUrl = "https://acct.blob.core.windows.net/uploads/a.mp4";

    public static TheoryData<string, string, string> InvalidJson() => new()
    {
        { "{}", "#/blobName", "required" },
        { $$"""{"blobName":"a.mp4","blobUrl":"{{BlobUrl}}"}""", "#/blobUrl", "conflict" },
        { """{"blobName":"../x"}""", "#/blobName", "unsafe-name" },
        { """{"blobName":"a/../../etc/passwd"}""", "#/blobName", "unsafe-name" },
        { WithCallback("https://10.0.0.7/hooks"), "#/callbackUrl", "forbidden-callback" },
        { WithCallback("https://169.254.169.254/latest"), "#/callbackUrl", "forbidden-callback" },
        { WithCallback("http://127.0.0.1:9/hooks"), "#/callbackUrl", "forbidden-callback" },
        { WithCallback("https://127.0.0.1:9/hooks"), "#/callbackUrl", "forbidden-callback" },
        { WithCallback(PublicHttps, "whsec_abc"), "#/callbackSecret", "invalid" },
        { WithCallback(PublicHttps, "topsecret"), "#/callbackSecret", "invalid" },
        { $$"""{"blobName":"a.mp4","callbackSecret":"{{GoodSecret}}"}""", "#/callbackSecret", "conflict" },
        { $$"""{"blobUrl":"{{BlobUrl}}"}""", "#/blobUrl", "invalid" },
    };

    [Theory]
    [MemberData(nameof(InvalidJson))]
    public async Task AnInvalidJsonRequestIsA400ProblemPointingAtTheField(string body, string pointer, string code)
    {
        var response = await _api.PostJsonAsync(body);

        var problem = AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(ProblemDocument.InvalidRequestType, problem.Type);
        var error = Assert.Single(problem.Errors!, e => e.Pointer == pointer);
        Assert.Equal(code, JsonSerializer.Serialize(error.Code).Trim('"'));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
    }

    [Theory]
    [InlineData("""{"blobName":"a.mp4","callback":"https://93.184.215.14/"}""")]
    [InlineData("""["a.mp4"]""")]
    [InlineData("null")]
    [InlineData("blobName=a.mp4")]
    public async Task ABodyThatIsNotAScanRequestIsA400MalformedBodyProblem(string body)
    {
        var problem = AssertProblem(await _api.PostJsonAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal(ProblemDocument.MalformedBodyType, problem.Type);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.DoesNotContain("DeepScan.", problem.Detail); // the server's own type names are not the caller's
    }

    [Fact]
    public async Task AJsonRequestForAnUploadThatDoesNotExistIsRefused()
    {
        var problem = AssertProblem(
            await _api.PostJsonAsync("""{"blobName":"never/uploaded.mp4"}"""), HttpStatusCode.BadRequest);

        Assert.Equal("#/blobName", Assert.Single(problem.Errors!).Pointer);
        Assert.Contains("never/uploaded.mp4", problem.Detail);
    }

    [Fact]
    public async Task ABlobNameThatIsAFolderOrTooLongForTheFileSystemIsNoUpload()
    {
        Directory.CreateDirectory(Path.Combine(fixture.Host.UploadsPath, "a-folder"));

        foreach (var name in new[] { "a-folder", new string('a', 300) + ".mp4" })
        {
            var problem = AssertProblem(
                await _api.PostJsonAsync($$"""{"blobName":"{{name}}"}"""), HttpStatusCode.BadRequest);
            Assert.Equal("#/blobName", Assert.Single(problem.Errors!).Pointer);
        }
    }

    public static TheoryData<string> MalformedMultipart() => new()
    {
        "",
        "hello there",
        // The file part cut off mid-video: no closing boundary.
        "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\n\r\n"
            + "\0\0\0\u0018ftypmp42\0\0\0\0mp42isom" + new string('x', 5000),
        // A part header over the reader's 16 KB limit.
        "--BB\r\nContent-Disposition: form-data; name=\"blobName\"\r\nX-Long: " + new string('h', 20_000)
            + "\r\n\r\na.mp4\r\n--BB--\r\n",
    };

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task AMultipartBodyThatEndsEarlyOrBreaksTheFormatIsA400AndStoresNothing(string body)
    {
        var before = Uploads();
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=BB");
        using var response = await fixture.Host.Client.PostAsync(ScanRoutes.Scans, content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(ProblemDocument.MalformedBodyType, problem.Type);
        Assert.Equal(before, Uploads());
    }

    public static TheoryData<string, string, string> InvalidForms() => new()
    {
        { "blobName", "a.mp4", "#/blobName" },
        { "callbackUrl", "http://127.0.0.1:9/hooks", "#/callbackUrl" },
        { "callbackSecret", "whsec_abc", "#/callbackSecret" },
        { "comment", "hello", "#/comment" },
    };

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public async Task AnInvalidFormIsRefusedBeforeTheVideoIsStored(string field, string value, string pointer)
    {
        var fields = new Dictionary<string, string> { [field] = value };
        if (field == "callbackSecret")
        {
            fields["callbackUrl"] = PublicHttps;
        }

        var before = Uploads();
        var problem = AssertProblem(
            await _api.PostUploadAsync(TestVideos.RealClipBytes(), "clip.mp4", fields), HttpStatusCode.BadRequest);

        Assert.Contains(problem.Errors!, e => e.Pointer == pointer);
        Assert.Equal(before, Uploads());
    }

    [Fact]
    public async Task AnInvalidFieldAfterTheFileRefusesTheRequestAndDiscardsTheStoredVideo()
    {
        var (before, foldersBefore) = (Uploads(), UploadFolders());
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestVideos.RealClipBytes()), MultipartScanUploadFile, "clip.mp4" },
            { new StringContent("http://127.0.0.1:9/hooks"), "callbackUrl" },
        };
        using var response = await fixture.Host.Client.PostAsync(ScanRoutes.Scans, form);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("#/callbackUrl", Assert.Single(problem.Errors!).Pointer);
        Assert.Equal(before, Uploads());
        Assert.Equal(foldersBefore, UploadFolders());
    }

    [Fact]
    public async Task ABodyThatBreaksOffAfterTheFileIsMalformedAndDiscardsTheStoredVideo()
    {
        var before = Uploads();
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes(
            "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n\r\n"));
        body.Write(TestVideos.RealClipBytes());
        body.Write(Encoding.ASCII.GetBytes("\r\n--BB\r\nContent-Disposition: form-data; name=\"callbackUrl\"\r\n\r\nhtt"));
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=BB");
        using var response = await fixture.Host.Client.PostAsync(ScanRoutes.Scans, content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(ProblemDocument.MalformedBodyType, problem.Type);
        Assert.Equal(before, Uploads());
    }

    [Fact]
    public async Task AFormWithoutAFilePartIsRefused()
    {
        using var form = new MultipartFormDataContent { { new StringContent(PublicHttps), "callbackUrl" } };
        using var response = await fixture.Host.Client.PostAsync(ScanRoutes.Scans, form);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.Equal("#/file", Assert.Single(problem.Errors!).Pointer);
    }

    [Fact]
    public async Task AFormNamingAStoredVideoIsToldToSendJson()
    {
        using var form = new MultipartFormDataContent { { new StringContent("clips/a.mp4"), "blobName" } };
        using var response = await fixture.Host.Client.PostAsync(ScanRoutes.Scans, form);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);

        var error = Assert.Single(problem.Errors!);
        Assert.Equal("#/blobName", error.Pointer);
        Assert.Contains("send JSON", error.Detail);
    }

    [Fact]
    public async Task ATextFileNamedMp4Is415AndIsNotStored()
    {
        var before = Uploads();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is not a video\n", 100)));

        var problem = AssertProblem(
            await _api.PostUploadAsync(text, "movie.mp4"), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("movie.mp4", problem.Detail);
        Assert.Equal(before, Uploads());
    }

    [Fact]
    public async Task AnEmptyFileIsRefused()
    {
        var problem = AssertProblem(await _api.PostUploadAsync([], "empty.mp4"), HttpStatusCode.BadRequest);

        Assert.Equal("#/file", Assert.Single(problem.Errors!).Pointer);
    }

    [Fact]
    public async Task ABodyThatIsNeitherJsonNorMultipartIs415()
    {
        using var content = new StringContent("blobName=a.mp4", Encoding.UTF8, "text/plain");
        using var response = await fixture.Host.Client.PostAsync(ScanRoutes.Scans, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ProblemDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("scan-0123456789abcdef0123456789abcdef")]
    [InlineData("scan-XYZ")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task AnUnknownOrInvalidScanIdIs404(string id)
    {
        var problem = AssertProblem(await _api.GetAsync($"/api/scans/{id}"), HttpStatusCode.NotFound);

        Assert.Contains("No scan has the id", problem.Detail);
        // The path asked for, where the id could be a scan's; none otherwise (it was once "..%252F..").
        Assert.Equal(ScanIds.IsValid(id) ? $"/api/scans/{id}" : null, problem.Instance);
    }

    [Theory]
    [InlineData("/api/scans/scan-0123456789abcdef0123456789abcdef")]
    [InlineData("/api/scans/scan-0123456789abcdef0123456789abcdef/evidence")]
    public async Task HeadIsAnsweredWhereGetIs(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, path);
        using var response = await fixture.Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // not 405: the resource is looked up as for GET
    }

    [Fact]
    public async Task AnUnknownRouteAndAWrongMethodAreProblemsToo()
    {
        AssertProblem(await _api.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
        using var response = await fixture.Host.Client.DeleteAsync(ScanRoutes.Scans);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(ProblemDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
    }

    private static string WithCallback(string url, string? secret = null) => secret is null
        ? $$"""{"blobName":"a.mp4","callbackUrl":"{{url}}"}"""
        : $$"""{"blobName":"a.mp4","callbackUrl":"{{url}}","callbackSecret":"{{secret}}"}""";

    internal static ProblemDocument AssertProblem(ApiResponse response, HttpStatusCode status)
    {
        Assert.True(status == response.Status, $"Expected {status}, got {response.Status}: {response.Body}");
        Assert.Equal(ProblemDocument.ContentType, response.MediaType);
        var problem = response.Read<ProblemDocument>();
        Assert.Equal((int)status, problem.Status);
        return problem;
    }

    private const string MultipartScanUploadFile = "file";

    private static async Task<ProblemDocument> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status) =>
        AssertProblem(
            new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsByteArrayAsync(), null),
            status);

    private string[] UploadFolders() => Directory.Exists(fixture.Host.UploadsPath)
        ? Directory.GetDirectories(fixture.Host.UploadsPath).Order().ToArray()
        : [];

    private string[] Uploads() => Directory.Exists(fixture.Host.UploadsPath)
        ? Directory.GetFiles(fixture.Host.UploadsPath, "*", SearchOption.AllDirectories).Order().ToArray()
        : [];
}
