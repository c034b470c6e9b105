using System.Text;
using DeepScan.Workflow;
using DeepScan.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace DeepScan.Functions.Tests.Http;

/// <summary>What an HTTP function answered: status, headers and body bytes.</summary>
internal sealed record FunctionAnswer(int Status, IHeaderDictionary Headers, byte[] Bytes)
{
    public string Body => Encoding.UTF8.GetString(Bytes);
}

/// <summary>Requests for the HTTP functions and their results executed as the worker's ASP.NET Core integration
/// executes them.</summary>
internal static class FunctionHttp
{
    public static HttpRequest Post(string json)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return context.Request;
    }

    public static HttpRequest Get()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        return context.Request;
    }

    public static async Task<FunctionAnswer> ExecuteAsync(IActionResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return new FunctionAnswer(context.Response.StatusCode, context.Response.Headers, body.ToArray());
    }

    public static ProblemDocument AssertProblem(FunctionAnswer answer, int status)
    {
        Assert.True(status == answer.Status, $"Expected {status}, got {answer.Status}: {answer.Body}");
        Assert.StartsWith(ProblemDocument.ContentType, answer.Headers.ContentType.ToString());
        var problem = WorkflowJson.Deserialize<ProblemDocument>(answer.Body)!;
        Assert.Equal(status, problem.Status);
        return problem;
    }
}
