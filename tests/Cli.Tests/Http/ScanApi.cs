using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeepScan.Workflow;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;

namespace DeepScan.Cli.Tests.Http;

/// <summary>A response of the scan API: status, media type, body bytes and text.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string? MediaType, byte[] Bytes, Uri? Location)
{
    public string Body => Encoding.UTF8.GetString(Bytes);

    public T Read<T>() => WorkflowJson.Deserialize<T>(Body)
        ?? throw new InvalidOperationException($"The body is JSON null: {Body}");
}

/// <summary>Calls <c>/api/scans</c> the way a client would, with plain HTTP.</summary>
internal sealed class ScanApi(HttpClient http)
{
    public Task<ApiResponse> PostJsonAsync(string json, string? apiKey = null)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        return SendAsync(HttpMethod.Post, ScanRoutes.Scans, content, apiKey);
    }

    /// <summary>A multipart upload: the form fields first, then the video in the <c>file</c> part.</summary>
    public Task<ApiResponse> PostUploadAsync(
        byte[] video, string fileName, IReadOnlyDictionary<string, string>? fields = null, string? apiKey = null) =>
        SendAsync(HttpMethod.Post, ScanRoutes.Scans, Form(video, fileName, fields), apiKey);

    public Task<ApiResponse> GetAsync(string path, string? apiKey = null) =>
        SendAsync(HttpMethod.Get, path, null, apiKey);

    /// <summary>Polls the status until the scan is completed or failed.</summary>
    public Task<ScanStatusResponse> WaitUntilFinishedAsync(string scanId) =>
        Poll.UntilAsync(
            async () => await GetAsync(ScanRoutes.Status(scanId)) is { Status: HttpStatusCode.OK } found
                && found.Read<ScanStatusResponse>() is { } finished
                && finished.Status.IsFinal()
                    ? finished
                    : null,
            $"scan {scanId} to finish");

    public static MultipartFormDataContent Form(
        byte[] video, string fileName, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(video);
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", fileName);
        return form;
    }

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string? apiKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        using var response = await http.SendAsync(request);
        return new ApiResponse(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsByteArrayAsync(),
            response.Headers.Location);
    }
}
