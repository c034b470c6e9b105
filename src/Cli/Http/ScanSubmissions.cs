using System.Text.Json;
using DeepScan.Workflow;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>
/// <c>POST /api/scans</c>: a JSON request naming an upload, or a multipart upload carrying the video; either way the
/// scan is started with its deterministic id and answered with 202 and where to poll, or, when it had finished
/// before the request, with 200 and its result.
/// </summary>
internal sealed class ScanSubmissions(
    ScanRequestValidator validator,
    ScanStarter starter,
    IScanScheduler scheduler,
    IScanStore scans,
    MultipartScanUpload uploads,
    UploadsInFlight inFlight,
    IOptions<ScanRequestOptions> options)
{
    /// <summary>The largest JSON scan request: a few URLs and a secret.</summary>
    public const int MaxJsonBytes = 64 * 1024;

    /// <summary>What a multipart request may carry besides the video: boundaries, part headers and form fields.
    /// </summary>
    public const long MultipartEnvelopeBytes = 1024 * 1024;

    public Task<IResult> SubmitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (MultipartScanUpload.IsMultipart(request, out var boundary))
        {
            return SubmitUploadAsync(request, boundary, cancellationToken);
        }

        return request.HasJsonContentType()
            ? SubmitJsonAsync(request, cancellationToken)
            : Task.FromResult(ServeResults.Problem(ServeProblems.UnsupportedBody(request.ContentType)));
    }

    private async Task<IResult> SubmitUploadAsync(HttpRequest request, string boundary, CancellationToken ct)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        if (request.ContentLength > maxBytes + MultipartEnvelopeBytes)
        {
            return ServeResults.Problem(ServeProblems.UploadTooLarge(maxBytes));
        }

        // Held until the scan record exists, so the uploads watcher cannot start this upload without its webhook.
        using var uploading = inFlight.Begin();
        var receipt = await uploads.ReceiveAsync(request, boundary, ct);
        if (receipt.Video is not { } video)
        {
            return ServeResults.Problem(receipt.Problem!);
        }

        return await AnswerAsync(await starter.StartAsync(scheduler, video, WebhooksOf(receipt.Webhook), ct), ct);
    }

    private async Task<IResult> SubmitJsonAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxJsonBytes)
        {
            return ServeResults.Problem(ServeProblems.ForStatus(
                StatusCodes.Status413PayloadTooLarge,
                ScanRoutes.Scans,
                $"A JSON scan request is at most {MaxJsonBytes} bytes."));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxJsonBytes;
        }

        ScanRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, WorkflowJsonContext.Default.ScanRequest, ct);
        }
        catch (JsonException ex)
        {
            return ServeResults.Problem(ProblemDocument.MalformedScanRequest(ex, ScanRoutes.Scans));
        }

        var validation = body is null ? null : await validator.ValidateAsync(body, ct);
        if (validation?.Request is not { } valid)
        {
            return ServeResults.Problem(validation?.ToProblem()
                ?? ProblemDocument.MalformedBody("The body must be a JSON scan request.", ScanRoutes.Scans));
        }

        try
        {
            var start = await starter.StartAsync(scheduler, valid.VideoName, WebhooksOf(valid.Webhook), ct);
            return await AnswerAsync(start, ct);
        }
        catch (VideoNotFoundException ex)
        {
            var field = body!.BlobName is not null ? "blobName" : "blobUrl";
            return ServeResults.Problem(ProblemDocument.InvalidRequest(
                [new ScanRequestError(field, ScanRequestErrorCode.Invalid, ex.Message)], ScanRoutes.Scans));
        }
    }

    /// <summary>A scan that had finished before this request is answered with its result: no webhook will follow.
    /// </summary>
    private async Task<IResult> AnswerAsync(ScanStart start, CancellationToken ct) =>
        start.Finished && await ScanStatusResponse.ReadAsync(scans, start.ScanId, ct) is { } finished
            ? ServeResults.Status(finished)
            : ServeResults.Accepted(ScanAccepted.For(start.ScanId));

    private static WebhookRegistration[] WebhooksOf(WebhookRegistration? webhook) => webhook is null ? [] : [webhook];
}
