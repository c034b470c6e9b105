using System.Text.Json.Serialization.Metadata;
using DeepScan.Workflow;
using DeepScan.Workflow.Http;
using Microsoft.AspNetCore.Http;

namespace DeepScan.Cli.Http;

/// <summary>Responses in the shared HTTP contracts, written with the workflow's source-generated JSON so the bytes
/// match what the Functions app and the webhooks send.</summary>
internal static class ServeResults
{
    public static IResult Problem(ProblemDocument problem) =>
        TypedResults.Json(problem, TypeInfo<ProblemDocument>(), ProblemDocument.ContentType, problem.Status);

    public static IResult Accepted(ScanAccepted accepted) => new AcceptedResult(accepted);

    /// <summary>The sheet as <c>image/png</c>, or the problem saying why there is none.</summary>
    public static IResult Evidence(ScanEvidenceResponse evidence) => evidence.Png is { } png
        ? TypedResults.File(png, ScanEvidenceResponse.ContentType)
        : Problem(evidence.Problem!);

    public static IResult Status(ScanStatusResponse status) =>
        TypedResults.Json(status, TypeInfo<ScanStatusResponse>(), "application/json", StatusCodes.Status200OK);

    /// <summary>Writes a problem straight to the response, for middleware that runs outside an endpoint.</summary>
    public static Task WriteProblemAsync(HttpContext context, ProblemDocument problem)
    {
        context.Response.StatusCode = problem.Status;
        return context.Response.WriteAsJsonAsync(
            problem, TypeInfo<ProblemDocument>(), ProblemDocument.ContentType, context.RequestAborted);
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)WorkflowJson.Options.GetTypeInfo(typeof(T));

    /// <summary>202 with the scan id and a <c>Location</c> header pointing at its status.</summary>
    private sealed class AcceptedResult(ScanAccepted accepted) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status202Accepted;
            httpContext.Response.Headers.Location = accepted.StatusUrl;
            return httpContext.Response.WriteAsJsonAsync(
                accepted, TypeInfo<ScanAccepted>(), "application/json", httpContext.RequestAborted);
        }
    }
}
