using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>Binds an options class to its configuration section together with its validation.</summary>
internal static class ValidatedOptions
{
    /// <summary>Registers binding and validator, checked when the host starts (a bad setting stops the start rather
    /// than failing every scan later); returns the section as bound now, to choose services by.</summary>
    public static TOptions Add<TOptions, TValidation>(IServiceCollection services, IConfigurationSection section)
        where TOptions : class, new()
        where TValidation : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidation>());
        services.AddLogging();
        return section.Get<TOptions>() ?? new TOptions();
    }
}
