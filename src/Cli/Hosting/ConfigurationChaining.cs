using Microsoft.Extensions.Configuration;

namespace DeepScan.Cli.Hosting;

/// <summary>Layers one configuration over another.</summary>
internal static class ConfigurationChaining
{
    /// <summary><paramref name="top"/>'s values, falling back to <paramref name="below"/>'s.</summary>
    public static IConfiguration Chain(this IConfiguration top, IConfiguration below) =>
        new ConfigurationBuilder().AddConfiguration(below).AddConfiguration(top).Build();
}
