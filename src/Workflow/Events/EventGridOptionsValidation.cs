using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Events;

/// <summary>Rejects Event Grid settings that could not work or would send a key in clear text.</summary>
public sealed class EventGridOptionsValidation : IValidateOptions<EventGridOptions>
{
    public ValidateOptionsResult Validate(string? name, EventGridOptions options)
    {
        var failures = new List<string>();
        if (options.TopicEndpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http"))
            {
                failures.Add($"EventGrid:TopicEndpoint '{endpoint}' is not an absolute http(s) URL.");
            }
            else if (endpoint.Scheme == "http" && !endpoint.IsLoopback)
            {
                failures.Add($"EventGrid:TopicEndpoint '{endpoint}' must use https (http is only for loopback).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Source))
        {
            failures.Add("EventGrid:Source is empty; leave it unset for the default or give a URI reference.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
