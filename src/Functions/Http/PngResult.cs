using DeepScan.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DeepScan.Functions.Http;

/// <summary>Writes PNG bytes as the response body (an evidence sheet), without MVC's file-result executor.</summary>
internal sealed class PngResult(byte[] png) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ScanEvidenceResponse.ContentType;
        response.ContentLength = png.Length;
        return response.Body.WriteAsync(png, context.HttpContext.RequestAborted).AsTask();
    }
}
