using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>
/// A throwaway self-signed certificate for 127.0.0.1, written as PEM files for a local server, and a client-side
/// check that trusts exactly this certificate (pinned by thumbprint), nothing else.
/// </summary>
public sealed class LoopbackCertificate : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("loopback-cert-");
    private readonly X509Certificate2 _certificate;

    public LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Files.CertificatePem, _certificate.ExportCertificatePem());
        File.WriteAllText(Files.KeyPem, key.ExportPkcs8PrivateKeyPem());
    }

    public AzuriteHttps Files => new(
        Path.Combine(_folder.FullName, "cert.pem"), Path.Combine(_folder.FullName, "key.pem"));

    /// <summary>An HTTP handler that accepts this certificate and refuses every other untrusted one.</summary>
    public HttpClientHandler PinnedHandler() => new() { ServerCertificateCustomValidationCallback = IsThisCertificate };

    public void Dispose()
    {
        _certificate.Dispose();
        _folder.Delete(recursive: true);
    }

    private bool IsThisCertificate(
        HttpRequestMessage request, X509Certificate2? presented, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || presented?.Thumbprint == _certificate.Thumbprint;
}
