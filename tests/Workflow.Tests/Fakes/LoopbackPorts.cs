using System.Net;
using System.Net.Sockets;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>Loopback ports for tests of what happens when nothing answers.</summary>
/// <remarks>Cli.Tests links this file too.</remarks>
internal static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on: taken from the OS, then released, so connections are refused.
    /// </summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
