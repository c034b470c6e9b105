namespace DeepScan.Cli.Http;

/// <summary>
/// An upload as the store reads it: the bytes already read for sniffing, then the rest of the request part, failing
/// with <see cref="UploadTooLargeException"/> as soon as more than the allowed bytes arrive.
/// </summary>
internal sealed class UploadStream(ReadOnlyMemory<byte> head, Stream rest, long maxBytes) : Stream
{
    private int _headRead;
    private long _total;

    /// <summary>True once the upload went over the limit (the store may wrap the exception in its own).</summary>
    public bool LimitExceeded { get; private set; }

    /// <summary>True once reading the request part failed (it ended early, or is malformed), as opposed to the store
    /// failing to write what was read.</summary>
    public bool RequestFailed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headRead < head.Length)
        {
            return FromHead(buffer);
        }

        try
        {
            return Count(rest.Read(buffer));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && ex is not UploadTooLargeException)
        {
            RequestFailed = true;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headRead < head.Length)
        {
            return FromHead(buffer.Span);
        }

        try
        {
            return Count(await rest.ReadAsync(buffer, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && ex is not UploadTooLargeException)
        {
            RequestFailed = true;
            throw;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int FromHead(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, head.Length - _headRead);
        head.Span.Slice(_headRead, n).CopyTo(buffer);
        _headRead += n;
        return Count(n);
    }

    private int Count(int read)
    {
        _total += read;
        if (_total > maxBytes)
        {
            LimitExceeded = true;
            throw new UploadTooLargeException(maxBytes);
        }

        return read;
    }
}
