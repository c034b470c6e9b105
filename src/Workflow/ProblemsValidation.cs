using Microsoft.Extensions.Options;

namespace DeepScan.Workflow;

/// <summary>Validates an options class by its own <c>Problems()</c> list (one line per setting it cannot use), so the
/// start reports every problem of the section, not just the first.</summary>
public sealed class ProblemsValidation<TOptions>(Func<TOptions, IReadOnlyList<string>> problems)
    : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        problems(options) is { Count: > 0 } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
}
