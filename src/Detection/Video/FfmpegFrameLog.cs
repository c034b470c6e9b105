using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace DeepScan.Detection.Video;

/// <summary>
/// Reads ffmpeg's stderr under <c>-loglevel level+info</c> while it decodes: the time of each frame that the
/// <c>showinfo</c> filter reports, in order, and the error lines worth reporting.
/// </summary>
/// <remarks>
/// showinfo logs a frame before the frame reaches the output pipe, and ffmpeg's log is unbuffered, so by the time a
/// frame's pixels are read its time has been written. Times are exact: the frame's <c>pts</c> in the filter's time
/// base, not the rounded <c>pts_time</c> (used only when no time base was logged).
/// </remarks>
internal sealed partial class FfmpegFrameLog
{
    private readonly Channel<double> _times =
        Channel.CreateUnbounded<double>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly double? _originSeconds;
    private (long Numerator, long Denominator)? _timeBase;
    private long? _firstPts;
    private double? _firstTime;

    /// <param name="originSeconds">Frame 0's container timestamp, for a decode that keeps container timestamps
    /// (<c>-copyts</c>): times count from it. Null counts from the first frame logged.</param>
    public FfmpegFrameLog(double? originSeconds = null) => _originSeconds = originSeconds;

    /// <summary>Reads stderr to its end; returns the error lines (level tags removed), for messages.</summary>
    public async Task<string> ReadAsync(StreamReader stderr)
    {
        var errors = new StringBuilder();
        try
        {
            while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (ParseFrameTime(line) is { } seconds)
                {
                    _times.Writer.TryWrite(seconds);
                }
                else if (ErrorText(line) is { } error)
                {
                    errors.AppendLine(error);
                }
                else if (_timeBase is null && TimeBasePattern().Match(line) is { Success: true } config)
                {
                    _timeBase = (long.Parse(config.Groups[1].Value, CultureInfo.InvariantCulture),
                        long.Parse(config.Groups[2].Value, CultureInfo.InvariantCulture));
                }
                else if (line.Contains("showinfo", StringComparison.Ordinal)
                    && line.Contains("[info] n:", StringComparison.Ordinal))
                {
                    // A frame line in a format this reader does not know (another ffmpeg version): fail the decode
                    // now, rather than leave a frame waiting for a time that never comes while ffmpeg waits for us.
                    _times.Writer.TryComplete(new InvalidOperationException(
                        $"ffmpeg's frame log was not understood ({line.Trim()}); this ffmpeg version is not supported."));
                }
            }
        }
        finally
        {
            _times.Writer.TryComplete();
        }

        return errors.ToString();
    }

    /// <summary>The next frame's time in seconds from the first frame logged (or the origin); null once ffmpeg's log
    /// has ended.
    /// </summary>
    public async ValueTask<double?> NextFrameTimeAsync(CancellationToken cancellationToken) =>
        await _times.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)
        && _times.Reader.TryRead(out var seconds)
            ? seconds
            : null;

    /// <summary>The message of an error-level line (ffmpeg's own tag removed), or null for any other line.</summary>
    internal static string? ErrorText(string line)
    {
        foreach (var tag in (ReadOnlySpan<string>)["[error] ", "[fatal] ", "[panic] "])
        {
            var at = line.IndexOf(tag, StringComparison.Ordinal);
            if (at >= 0)
            {
                return string.Concat(line.AsSpan(0, at), line.AsSpan(at + tag.Length));
            }
        }

        return null;
    }

    private double? ParseFrameTime(string line)
    {
        var match = FramePattern().Match(line);
        if (!match.Success)
        {
            return null;
        }

        if (_timeBase is { } timeBase
            && long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var pts))
        {
            if (_originSeconds is { } origin)
            {
                return (double)pts * timeBase.Numerator / timeBase.Denominator - origin;
            }

            _firstPts ??= pts;
            return (double)(pts - _firstPts.Value) * timeBase.Numerator / timeBase.Denominator;
        }

        if (!double.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var time))
        {
            return double.NaN; // a frame without a timestamp stands for no target
        }

        _firstTime ??= _originSeconds ?? time;
        return time - _firstTime.Value;
    }

    [GeneratedRegex(@"showinfo.*\[info\] n:\s*\d+\s+pts:\s*(\S+)\s+pts_time:(\S+)")]
    private static partial Regex FramePattern();

    [GeneratedRegex(@"showinfo.*\[info\] config in time_base: (\d+)/(\d+)")]
    private static partial Regex TimeBasePattern();
}
