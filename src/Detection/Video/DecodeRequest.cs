namespace DeepScan.Detection.Video;

/// <summary>What one decode produces frames for: ascending, distinct targets and where each may start decoding.
/// </summary>
/// <param name="From">Per target, the frame decoding may start at (<see cref="ChunkSeek.From"/>); null: frame 0.</param>
internal sealed record DecodeRequest(
    int[] Targets, bool ReferenceFramesOnly, int[]? From = null, double OriginSeconds = 0, int? X264Build = null)
{
    /// <summary>
    /// The least video a run of targets must skip for a new ffmpeg process that seeks to be worth starting (process
    /// start and index parsing, about 50–100 ms, against decoding two seconds of 1080p at a few hundred frames a
    /// second).
    /// </summary>
    public const double MinSkipSeconds = 2;

    /// <summary>The targets of <paramref name="chunks"/> (consecutive chunks of one plan, or one chunk), sorted,
    /// with their starts.</summary>
    public static DecodeRequest Of(IReadOnlyList<FrameChunk> chunks)
    {
        var pairs = chunks
            .SelectMany(c => c.FrameIndices.Select((t, i) => (Target: t, From: c.Seek?.From.ElementAtOrDefault(i) ?? 0)))
            .GroupBy(p => p.Target)
            .Select(g => (Target: g.Key, From: g.Min(p => p.From)))
            .OrderBy(p => p.Target)
            .ToArray();
        var seek = chunks.Select(c => c.Seek).FirstOrDefault(s => s is not null);
        return new DecodeRequest(
            pairs.Select(p => p.Target).ToArray(),
            chunks.Count > 0 && chunks[0].ReferenceFramesOnly,
            seek is null ? null : pairs.Select(p => p.From).ToArray(),
            seek?.OriginSeconds ?? 0,
            seek?.X264Build);
    }

    /// <summary>
    /// Runs of targets that one ffmpeg process each decodes: a run starts over, seeking, where the next target's start
    /// lies far enough past the previous target (<see cref="MinSkipSeconds"/>). Every target gets the same frame
    /// whichever run it falls in.
    /// </summary>
    public IReadOnlyList<DecodeSegment> Segments(double fps)
    {
        var segments = new List<DecodeSegment>();
        var skip = MinSkipSeconds * fps;
        var start = 0;
        for (var i = 1; i <= Targets.Length; i++)
        {
            if (i == Targets.Length || (From is not null && From[i] - Targets[i - 1] > skip))
            {
                segments.Add(new DecodeSegment(start, i - start, From?[start] ?? 0));
                start = i;
            }
        }

        return segments;
    }
}

/// <summary><see cref="DecodeRequest.Targets"/>[<paramref name="Start"/>..] for <paramref name="Count"/> targets,
/// decoded from frame <paramref name="From"/> (0: the first frame, without seeking).</summary>
internal readonly record struct DecodeSegment(int Start, int Count, int From);
