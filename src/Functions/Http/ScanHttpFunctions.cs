using System.Text.Json;
using DeepScan.Functions.Triggers;
using DeepScan.Workflow;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DeepScan.Functions.Http;

/// <summary>
/// <c>POST /api/scans</c>, <c>GET /api/scans/{id}</c> and <c>GET /api/scans/{id}/evidence</c> with the shared
/// contracts and validator. Videos reach Azure through the uploads container (or the blob trigger), so the request
/// names a blob rather than carrying the bytes.
/// </summary>
/// <remarks>When storage cannot be reached all answer 503 with <c>Retry-After</c>, as <c>deepscan serve</c> does.
/// </remarks>
public sealed class ScanHttpFunctions(ScanRequestValidator validator, ScanStarter starter, IScanStore scans)
{
    [Function("SubmitScan")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "scans")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        UnlessStorageIsDown(ScanRoutes.Scans, () => SubmitAsync(request, client, cancellationToken));

    [Function("GetScan")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "scans/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        UnlessStorageIsDown(ScanRoutes.Status(id), async () =>
            ScanIds.IsValid(id) && await ScanStatusResponse.ReadAsync(scans, id, cancellationToken) is { } status
                ? new WorkflowJsonResult<ScanStatusResponse>(StatusCodes.Status200OK, status)
                : Problem(ProblemDocument.ScanNotFound(id)));

    [Function("GetScanEvidence")]
    public Task<IActionResult> GetEvidence(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "scans/{id}/evidence")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        UnlessStorageIsDown(ScanRoutes.Evidence(id), async () =>
        {
            var evidence = await ScanEvidenceResponse.ReadAsync(scans, id, cancellationToken);
            return evidence.Png is { } png ? new PngResult(png) : Problem(evidence.Problem!);
        });

    private static async Task<IActionResult> UnlessStorageIsDown(string path, Func<Task<IActionResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (Exception ex) when (StorageOutage.IsCause(ex))
        {
            var problem = ProblemDocument.StorageUnavailable(path);
            return new WorkflowJsonResult<ProblemDocument>(problem.Status, problem, ProblemDocument.ContentType)
            {
                RetryAfter = StorageOutage.RetryAfterHeader,
            };
        }
    }

    private async Task<IActionResult> SubmitAsync(
        HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ScanRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(
                request.Body, WorkflowJsonContext.Default.ScanRequest, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problem(ProblemDocument.MalformedScanRequest(ex, ScanRoutes.Scans));
        }

        if (body is null)
        {
            return Problem(ProblemDocument.MalformedBody("The body must be a JSON scan request.", ScanRoutes.Scans));
        }

        var validation = await validator.ValidateAsync(body, cancellationToken);
        if (validation.Request is not { } valid)
        {
            return Problem(validation.ToProblem());
        }

        ScanStart start;
        try
        {
            start = await starter.StartAsync(
                new DurableScanScheduler(client),
                valid.VideoName,
                valid.Webhook is { } webhook ? [webhook] : [],
                cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            var field = body.BlobName is not null ? "blobName" : "blobUrl";
            return Problem(ProblemDocument.InvalidRequest(
                [new ScanRequestError(field, ScanRequestErrorCode.Invalid, ex.Message)], ScanRoutes.Scans));
        }

        // A scan that had finished before this request is answered with its result: no webhook will follow.
        if (start.Finished
            && await ScanStatusResponse.ReadAsync(scans, start.ScanId, cancellationToken) is { } finished)
        {
            return new WorkflowJsonResult<ScanStatusResponse>(StatusCodes.Status200OK, finished);
        }

        var accepted = ScanAccepted.For(start.ScanId);
        return new WorkflowJsonResult<ScanAccepted>(StatusCodes.Status202Accepted, accepted)
        {
            Location = accepted.StatusUrl,
        };
    }

    private static WorkflowJsonResult<ProblemDocument> Problem(ProblemDocument problem) =>
        new(problem.Status, problem, ProblemDocument.ContentType);
}
