using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepScan.Cli.Http;

/// <summary>The routes of the scan API, shared with the Functions app: start a scan, read its status, get its
/// evidence sheet.</summary>
internal static class ScanEndpoints
{
    public static IEndpointRouteBuilder MapScanEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(
            ScanRoutes.Scans,
            (HttpRequest request, ScanSubmissions submissions, CancellationToken cancellationToken) =>
                submissions.SubmitAsync(request, cancellationToken));
        // HEAD too, as HTTP asks of every GET resource: clients check for the evidence sheet that way.
        endpoints.MapMethods(ScanRoutes.Scans + "/{id}", [HttpMethods.Get, HttpMethods.Head], GetAsync);
        endpoints.MapMethods(ScanRoutes.Scans + "/{id}/evidence", [HttpMethods.Get, HttpMethods.Head], GetEvidenceAsync);
        return endpoints;
    }

    /// <summary><c>GET /api/scans/{id}/evidence</c>: the evidence sheet (PNG) of a finished scan.</summary>
    private static async Task<IResult> GetEvidenceAsync(
        string id, IScanStore scans, CancellationToken cancellationToken) =>
        ServeResults.Evidence(await ScanEvidenceResponse.ReadAsync(scans, id, cancellationToken));

    /// <summary><c>GET /api/scans/{id}</c>: the status, with the verdict once the scan has finished.</summary>
    private static async Task<IResult> GetAsync(string id, IScanStore scans, CancellationToken cancellationToken)
    {
        return ScanIds.IsValid(id) && await ScanStatusResponse.ReadAsync(scans, id, cancellationToken) is { } status
            ? ServeResults.Status(status)
            : ServeResults.Problem(ProblemDocument.ScanNotFound(id));
    }
}
