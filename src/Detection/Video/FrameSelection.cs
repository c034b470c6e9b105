using System.Globalization;
using System.Text;

namespace DeepScan.Detection.Video;

/// <summary>
/// Which decoded frame stands for each target frame of a chunk: the first frame the decoder gives at or after the
/// target's boundary, <see cref="ToleranceFrames"/> before the target. ffmpeg applies the rule in its
/// <c>select</c> filter (<see cref="SelectFilter"/>), so only chosen frames are converted and piped, and
/// <see cref="Cover"/> applies it again to each frame that comes out, to tell which targets it stands for.
/// </summary>
/// <remarks>
/// <para>The rule is local to each target: a frame is chosen when a boundary lies between the previous decoded frame
/// and this one, whatever the other targets are. A chunk decoded alone and the same chunk inside a pass over the whole
/// plan therefore get the same frames.</para>
/// <para>Time counts from the first decoded frame, which the filter always lets through so that the reader learns
/// where time starts; <see cref="Cover"/> gives no target for it when it stands for none. A decode that starts past
/// the first frame (a seek, <see cref="ChunkSeek"/>) keeps container timestamps instead and counts from frame 0's,
/// <see cref="OriginSeconds"/>.</para>
/// <para>One instance follows one decode: <see cref="Cover"/> moves through the targets.</para>
/// </remarks>
internal sealed class FrameSelection
{
    /// <summary>
    /// The most targets one ffmpeg process is given: the filter holds a term per target, and one process argument
    /// may not exceed 128 KiB on Linux. Each term is also evaluated for every decoded frame.
    /// </summary>
    public const int MaxTargets = 1024;

    /// <summary>Terms per parenthesised group of the select expression (<see cref="Sum"/>): 33 groups of 32 hold
    /// <see cref="MaxTargets"/> and the two extra terms.</summary>
    private const int TermsPerGroup = 32;

    private readonly double[] _boundaries;
    private int _covered;

    /// <param name="targets">Ascending, distinct target frame indices.</param>
    /// <param name="originSeconds">Frame 0's container timestamp, for a decode that keeps container timestamps
    /// (<c>-copyts</c>) and starts past frame 0; null counts from the first decoded frame.</param>
    public FrameSelection(int[] targets, double fps, bool referenceFramesOnly, double? originSeconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        if (targets.Length > MaxTargets)
        {
            throw new ArgumentException(
                $"{targets.Length} frames in one decode; at most {MaxTargets} can be selected by one ffmpeg process.",
                nameof(targets));
        }

        Targets = targets;
        Fps = fps;
        ReferenceFramesOnly = referenceFramesOnly;
        OriginSeconds = originSeconds;
        // Rounded as printed into the filter, so ffmpeg and Cover compare against the very same numbers.
        _boundaries = targets
            .Select(t => Math.Round((t - ToleranceFrames) / fps, 6, MidpointRounding.AwayFromZero))
            .ToArray();
    }

    public int[] Targets { get; }

    public double Fps { get; }

    public bool ReferenceFramesOnly { get; }

    /// <summary>Frame 0's container timestamp when the decode seeks; null when it starts at frame 0.</summary>
    public double? OriginSeconds { get; }

    /// <summary>
    /// How far before its target, in frames, a frame may stand for it. Half a frame picks the target itself; when only
    /// reference frames are decoded, a frame and a half lets the frame before stand in as readily as the one after,
    /// so the last frames of a video, often not reference frames, still find one.
    /// </summary>
    public double ToleranceFrames => ReferenceFramesOnly ? 1.5 : 0.5;

    /// <summary>
    /// The latest frame a decode for <paramref name="target"/> may start at and still choose the frame a decode from
    /// frame 0 chooses: one whose time (within half a frame of its index, even at a variable rate) lies before the
    /// target's boundary, so the chosen frame and the decoded frame before it are the same in both.
    /// </summary>
    public static int LatestStartFor(int target, bool referenceFramesOnly) =>
        target - (referenceFramesOnly ? 3 : 2);

    /// <summary>Targets that a frame has stood for so far.</summary>
    public int Covered => _covered;

    public bool Complete => _covered == Targets.Length;

    /// <summary>
    /// The most frames the filter lets through: one per target, plus the first decoded frame when it stands for no
    /// target. ffmpeg stops after that many (<see cref="SelectAndStopFilter"/>), right after the last target.
    /// </summary>
    /// When seeking, time is known without that frame, which is never let through.
    public int MaxFrames => Targets.Length
        + (OriginSeconds is not null || (_boundaries.Length > 0 && _boundaries[0] <= 0) ? 0 : 1);

    /// <summary>The <c>select</c> filter that lets through each target's frame, and the first decoded frame unless
    /// the decode seeks.</summary>
    public string SelectFilter() => $"select={Sum(Terms())}";

    /// <summary>
    /// <see cref="SelectFilter"/>, then a stop right after the last target's frame: the first frame past it is let
    /// through too, and a <c>trim</c> ends the stream on it, so ffmpeg stops decoding there. (A <c>trim</c> alone
    /// ends only on a frame it receives, and the select lets none through after the last target; <c>-frames:v</c>
    /// would stop too, but as an option it cannot be handed to an ffmpeg that is already running.)
    /// </summary>
    public string SelectAndStopFilter()
    {
        if (_boundaries.Length == 0)
        {
            return SelectFilter();
        }

        var last = _boundaries[^1].ToString("0.######", CultureInfo.InvariantCulture);
        return $"select={Sum([.. Terms(), $"gt(t-{Origin}\\,{last})"])}" +
            $",trim=end_frame={MaxFrames.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The select expression's terms: the first decoded frame (or none when seeking), then one per target
    /// that is 1 on the first frame at or past its boundary.</summary>
    private List<string> Terms()
    {
        var origin = Origin;
        List<string> terms = [OriginSeconds is null ? "eq(n\\,0)" : "0"];
        foreach (var boundary in _boundaries)
        {
            var b = boundary.ToString("0.######", CultureInfo.InvariantCulture);
            // prev_t is NaN for the first frame, so not(gte(...)) holds there, as "no earlier frame" should.
            terms.Add($"gte(t-{origin}\\,{b})*not(gte(prev_t-{origin}\\,{b}))");
        }

        return terms;
    }

    /// <summary>
    /// The terms added up, in parenthesised groups of <see cref="TermsPerGroup"/>: ffmpeg's expression parser refuses
    /// a sum of about a hundred terms or more ("Cannot allocate memory" on the first frame, so a 96-frame sample of a
    /// short video failed to decode), while groups of groups take <see cref="MaxTargets"/> and more.
    /// </summary>
    private static string Sum(List<string> terms) => terms.Count <= TermsPerGroup
        ? string.Join('+', terms)
        : string.Join('+', terms.Chunk(TermsPerGroup).Select(group => $"({string.Join('+', group)})"));

    /// <summary>Where the filter's time counts from: frame 0's timestamp when seeking, else the first decoded frame's.
    /// </summary>
    private string Origin => OriginSeconds is { } seconds
        ? $"({seconds.ToString("R", CultureInfo.InvariantCulture)})"
        : "start_t";

    /// <summary>
    /// The targets that the next frame out of the filter stands for, given its time in seconds from the first decoded
    /// frame: every target not yet covered whose boundary it has reached. Empty for a frame that stands for none.
    /// </summary>
    public ArraySegment<int> Cover(double seconds)
    {
        var first = _covered;
        while (_covered < _boundaries.Length && _boundaries[_covered] <= seconds + 1e-9)
        {
            _covered++;
        }

        return new ArraySegment<int>(Targets, first, _covered - first);
    }

    /// <summary>The frame index a time stands for: time × fps, rounded.</summary>
    public int IndexAt(double seconds) => (int)Math.Round(seconds * Fps, MidpointRounding.AwayFromZero);
}
