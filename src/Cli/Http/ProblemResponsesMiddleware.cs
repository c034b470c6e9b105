using DeepScan.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Http;

/// <summary>
/// Makes every error an RFC 9457 problem document: a request Kestrel refused (a body over the limit, a malformed
/// request), storage that cannot be reached (503 with <c>Retry-After</c>), an unexpected exception (500, logged) and any
/// error status left without a body (404, 405).
/// </summary>
internal sealed class ProblemResponsesMiddleware(RequestDelegate next, ILogger<ProblemResponsesMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (RefusedRequest(ex) is { } refused)
            {
                await ServeResults.WriteProblemAsync(
                    context, ServeProblems.ForStatus(refused.StatusCode, path, refused.Message));
                return;
            }

            if (StorageOutage.IsCause(ex))
            {
                logger.LogWarning(
                    "{Method} {Path}: storage is unavailable: {Error}", context.Request.Method, path, ex.Message);
                context.Response.Headers.RetryAfter = StorageOutage.RetryAfterHeader;
                await ServeResults.WriteProblemAsync(context, ProblemDocument.StorageUnavailable(path));
                return;
            }

            logger.LogError(ex, "{Method} {Path} failed", context.Request.Method, path);
            await ServeResults.WriteProblemAsync(
                context,
                ServeProblems.ForStatus(
                    StatusCodes.Status500InternalServerError, path, "The server failed; its log says why."));
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentType is null
            && response.ContentLength is null)
        {
            await ServeResults.WriteProblemAsync(context, ServeProblems.ForStatus(response.StatusCode, path));
        }
    }

    private static BadHttpRequestException? RefusedRequest(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is BadHttpRequestException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
