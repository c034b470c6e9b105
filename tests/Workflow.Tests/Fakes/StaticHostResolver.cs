using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>
/// Answers host lookups from a table, so tests can make a name resolve to a private address, or to a public one first
/// and a private one next (DNS rebinding), without a DNS server under their control.
/// </summary>
internal sealed class StaticHostResolver(Dictionary<string, IPAddress[][]> answers) : IHostAddressResolver
{
    private readonly ConcurrentDictionary<string, int> lookups = new();

    public StaticHostResolver(Dictionary<string, string[]> answers)
        : this(answers.ToDictionary(a => a.Key, a => new[] { a.Value.Select(IPAddress.Parse).ToArray() }))
    {
    }

    public int LookupsOf(string host) => lookups.GetValueOrDefault(host);

    /// <summary>The n-th lookup of a host gets its n-th answer; later lookups repeat the last one.</summary>
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (!answers.TryGetValue(host, out var sequence))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var n = lookups.AddOrUpdate(host, 1, (_, count) => count + 1);
        return Task.FromResult(sequence[Math.Min(n, sequence.Length) - 1]);
    }
}
