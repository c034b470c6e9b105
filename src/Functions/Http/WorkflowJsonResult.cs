using System.Text.Json.Serialization.Metadata;
using DeepScan.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DeepScan.Functions.Http;

/// <summary>Writes a workflow HTTP contract with its source-generated JSON: the bytes the local server sends.</summary>
internal sealed class WorkflowJsonResult<T>(int statusCode, T value, string contentType = "application/json")
    : IActionResult
{
    /// <summary>The <c>Location</c> header, for a 202 that points at the status URL.</summary>
    public string? Location { get; init; }

    /// <summary>The <c>Retry-After</c> header, for a 503.</summary>
    public string? RetryAfter { get; init; }

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (RetryAfter is not null)
        {
            response.Headers.RetryAfter = RetryAfter;
        }

        var typeInfo = (JsonTypeInfo<T>)WorkflowJson.Options.GetTypeInfo(typeof(T));
        return response.WriteAsJsonAsync(value, typeInfo, contentType, context.HttpContext.RequestAborted);
    }
}
