namespace DeepScan.Detection.Video;

/// <summary>
/// Keeps pixel buffers of decoded frames for reuse, so that decoding does not churn the large-object heap: a 1080p
/// frame is 6 MB, and allocating one per sampled frame let the collected-but-unreturned heap grow by hundreds of MB.
/// </summary>
/// <remarks>Buffers are kept by exact length, up to <paramref name="maxRetainedBytes"/> in all; thread-safe.</remarks>
internal sealed class PixelBufferPool(long maxRetainedBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Stack<byte[]>> _free = [];
    private long _retainedBytes;

    /// <summary>A buffer of exactly <paramref name="length"/> bytes, with undefined content.</summary>
    public byte[] Rent(int length)
    {
        lock (_gate)
        {
            if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
            {
                _retainedBytes -= length;
                return buffer;
            }
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Takes a buffer back; its previous holder must not touch it any more.</summary>
    public void Return(byte[] buffer)
    {
        lock (_gate)
        {
            if (_retainedBytes + buffer.Length > maxRetainedBytes)
            {
                return;
            }

            if (!_free.TryGetValue(buffer.Length, out var stack))
            {
                _free[buffer.Length] = stack = new Stack<byte[]>();
            }

            stack.Push(buffer);
            _retainedBytes += buffer.Length;
        }
    }
}
