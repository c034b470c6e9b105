using System.Buffers;
using System.Security.Cryptography;

namespace DeepScan.Workflow.Storage;

/// <summary>Copies a stream while hashing it: the filesystem store learns an upload's version in one pass.
/// </summary>
internal static class Sha256Copy
{
    /// <summary>Copies the rest of <paramref name="source"/>; returns its lowercase hex sha256 and length.</summary>
    public static async Task<(string Sha256, long Bytes)> CopyAsync(
        Stream source, Stream destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
