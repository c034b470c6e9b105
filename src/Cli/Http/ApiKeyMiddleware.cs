using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace DeepScan.Cli.Http;

/// <summary>When <see cref="ServeOptions.ApiKey"/> is set, answers 401 to any <c>/api</c> request whose
/// <c>x-api-key</c> header does not match it.</summary>
/// <remarks>Both sides are hashed before a fixed-time comparison, so neither the key's content nor its length leaks
/// through timing. Runs before anything reads the request body.</remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServeOptions> options)
{
    private readonly byte[]? _expected = options.Value.ApiKey is { Length: > 0 } key ? Hash(key) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null
            || !context.Request.Path.StartsWithSegments("/api")
            || Matches(context.Request.Headers[ServeProblems.ApiKeyHeader]))
        {
            return next(context);
        }

        return ServeResults.WriteProblemAsync(context, ServeProblems.MissingApiKey(context.Request.Path));
    }

    private bool Matches(StringValues header) =>
        header.Count == 1 && CryptographicOperations.FixedTimeEquals(Hash(header[0] ?? ""), _expected);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
