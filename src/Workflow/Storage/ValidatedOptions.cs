using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>Adds the validation of an options class its caller has bound to configuration.</summary>
internal static class ValidatedOptions
{
    /// <summary>Registers the validator, checked when the host starts (a bad setting stops the start rather than
    /// failing every scan later); returns the section as bound now (<paramref name="configured"/>), to choose
    /// services by.</summary>
    /// <remarks>The caller binds (<c>AddOptions&lt;T&gt;().Bind(section)</c>, <c>section.Get&lt;T&gt;()</c>) where
    /// the type is named, so that the configuration binding generator writes that code: a generic binder call here
    /// would fall back to reflection, which the native <c>deepscan</c> build cannot do.</remarks>
    public static TOptions Add<
        TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidation>(
        OptionsBuilder<TOptions> bound, TOptions? configured)
        where TOptions : class, new()
        where TValidation : class, IValidateOptions<TOptions>
    {
        bound.ValidateOnStart();
        bound.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidation>());
        bound.Services.AddLogging();
        return configured ?? new TOptions();
    }
}
