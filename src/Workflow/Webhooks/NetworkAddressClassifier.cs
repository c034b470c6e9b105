using System.Net;
using System.Net.Sockets;

namespace DeepScan.Workflow.Webhooks;

/// <summary>What kind of destination an IP address is, as far as sending a webhook to it is concerned.</summary>
public enum NetworkAddressKind
{
    /// <summary>A globally routable unicast address: the only kind a webhook may reach by default.</summary>
    Public,
    Loopback,
    /// <summary>RFC 1918 IPv4, unique-local and site-local IPv6, local-use NAT64.</summary>
    Private,
    /// <summary>169.254.0.0/16 (cloud metadata endpoints live here) and fe80::/10.</summary>
    LinkLocal,
    /// <summary>100.64.0.0/10, carrier-grade NAT.</summary>
    SharedAddressSpace,
    /// <summary>0.0.0.0/8 and ::.</summary>
    Unspecified,
    Multicast,
    /// <summary>Documentation, benchmarking, protocol, Teredo, future-use and other special-purpose ranges.</summary>
    Reserved,
}

/// <summary>
/// Classifies IP addresses for the webhook SSRF guard, looking through IPv4-mapped, NAT64 and 6to4 IPv6 forms to the
/// IPv4 address they carry.
/// </summary>
public static class NetworkAddressClassifier
{
    public static NetworkAddressKind Classify(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
        AddressFamily.InterNetworkV6 => ClassifyV6(address.GetAddressBytes()),
        _ => NetworkAddressKind.Reserved,
    };

    private static NetworkAddressKind ClassifyV4(ReadOnlySpan<byte> a) => (a[0], a[1], a[2]) switch
    {
        (0, _, _) => NetworkAddressKind.Unspecified,
        (10, _, _) => NetworkAddressKind.Private,
        (100, >= 64 and < 128, _) => NetworkAddressKind.SharedAddressSpace,
        (127, _, _) => NetworkAddressKind.Loopback,
        (169, 254, _) => NetworkAddressKind.LinkLocal,
        (172, >= 16 and < 32, _) => NetworkAddressKind.Private,
        (192, 0, 0) or (192, 0, 2) or (198, 51, 100) or (203, 0, 113) => NetworkAddressKind.Reserved,
        (192, 88, 99) => NetworkAddressKind.Reserved,
        (192, 168, _) => NetworkAddressKind.Private,
        (198, 18 or 19, _) => NetworkAddressKind.Reserved,
        (>= 224 and < 240, _, _) => NetworkAddressKind.Multicast,
        (>= 240, _, _) => NetworkAddressKind.Reserved,
        _ => NetworkAddressKind.Public,
    };

    private static NetworkAddressKind ClassifyV6(ReadOnlySpan<byte> a)
    {
        var firstTwelveZero = a[..12].IndexOfAnyExcept((byte)0) < 0;
        if (firstTwelveZero)
        {
            // ::, ::1, and the deprecated IPv4-compatible ::a.b.c.d, which nothing legitimate uses.
            return a[12..].IndexOfAnyExcept((byte)0) < 0 ? NetworkAddressKind.Unspecified
                : a[12..15].IndexOfAnyExcept((byte)0) < 0 && a[15] == 1 ? NetworkAddressKind.Loopback
                : NetworkAddressKind.Reserved;
        }

        if (a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xff && a[11] == 0xff)
        {
            return ClassifyV4(a[12..]); // ::ffff:a.b.c.d, IPv4-mapped
        }

        if (a[..12].SequenceEqual(Nat64Prefix))
        {
            return ClassifyV4(a[12..]); // 64:ff9b::a.b.c.d reaches that IPv4 address through a NAT64 gateway
        }

        return (a[0], a[1], a[2], a[3]) switch
        {
            (0x00, 0x64, 0xff, 0x9b) => NetworkAddressKind.Private, // 64:ff9b:1::/48 and the rest of 64:ff9b::/32
            (0x01, 0x00, 0, 0) => NetworkAddressKind.Reserved, // 100::/64 discard
            (0x20, 0x01, 0x00, 0x00) => NetworkAddressKind.Reserved, // 2001::/32 Teredo
            (0x20, 0x01, 0x0d, 0xb8) => NetworkAddressKind.Reserved, // documentation
            (0x20, 0x02, _, _) => ClassifyV4(a[2..6]), // 6to4 carries an IPv4 address
            (>= 0xfc and <= 0xfd, _, _, _) => NetworkAddressKind.Private, // fc00::/7 unique local
            (0xfe, >= 0x80 and < 0xc0, _, _) => NetworkAddressKind.LinkLocal, // fe80::/10
            (0xfe, >= 0xc0, _, _) => NetworkAddressKind.Private, // fec0::/10 site local
            (0xff, _, _, _) => NetworkAddressKind.Multicast,
            (>= 0x20 and < 0x40, _, _, _) => NetworkAddressKind.Public, // 2000::/3 global unicast
            _ => NetworkAddressKind.Reserved,
        };
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}
