using DeepScan.Detection.Faces;

namespace DeepScan.Detection.Tests.Faces;

public sealed class NonMaxSuppressionTests
{
    [Theory]
    [InlineData(0, 0, 10, 10, 0, 0, 10, 10, 1f)]          // identical
    [InlineData(0, 0, 10, 10, 5, 0, 10, 10, 1f / 3)]      // half overlap: 50 / 150
    [InlineData(0, 0, 10, 10, 10, 0, 10, 10, 0f)]         // touching edges
    [InlineData(0, 0, 10, 10, 20, 20, 5, 5, 0f)]          // apart
    [InlineData(0, 0, 10, 10, 2, 2, 5, 5, 0.25f)]         // contained: 25 / 100
    [InlineData(0, 0, 0, 0, 0, 0, 10, 10, 0f)]            // empty box
    public void IntersectionOverUnion(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh,
        float expected)
    {
        var iou = NonMaxSuppression.IntersectionOverUnion(new FaceBox(ax, ay, aw, ah), new FaceBox(bx, by, bw, bh));

        Assert.Equal(expected, iou, 5);
    }

    public static TheoryData<string, DetectedFace[], float, float[]> GreedyCases => new()
    {
        { "nothing in, nothing out", [], 0.3f, [] },
        { "one face stays", [Face(0, 0, 10, 0.9f)], 0.3f, [0.9f] },
        { "overlapping duplicate of a better face goes", [Face(1, 0, 10, 0.7f), Face(0, 0, 10, 0.9f)], 0.3f, [0.9f] },
        { "separate faces all stay, best first", [Face(0, 0, 10, 0.7f), Face(50, 0, 10, 0.9f), Face(100, 0, 10, 0.8f)],
            0.3f, [0.9f, 0.8f, 0.7f] },
        { "overlap below the threshold is kept (IoU 1/3 < 0.5)", [Face(0, 0, 10, 0.9f), Face(5, 0, 10, 0.8f)], 0.5f,
            [0.9f, 0.8f] },
        { "overlap above the threshold is removed (IoU 1/3 > 0.3)", [Face(0, 0, 10, 0.9f), Face(5, 0, 10, 0.8f)], 0.3f,
            [0.9f] },
        { "a suppressed face suppresses nothing", [Face(0, 0, 10, 0.9f), Face(4, 0, 10, 0.8f), Face(8, 0, 10, 0.7f)],
            0.3f, [0.9f, 0.7f] },
    };

    [Theory]
    [MemberData(nameof(GreedyCases))]
    public void GreedyKeepsTheBestOfEachOverlappingGroup(string because, DetectedFace[] candidates, float threshold,
        float[] keptScores)
    {
        var kept = NonMaxSuppression.Greedy(candidates, threshold);

        Assert.True(keptScores.SequenceEqual(kept.Select(k => k.Score)), because);
    }

    [Fact]
    public void WeightedBlendsOverlappingBoxesByScoreAndKeepsTheTopScore()
    {
        var candidates = new[] { Face(0, 0, 10, 0.75f), Face(2, 2, 10, 0.25f), Face(100, 100, 10, 0.5f) };

        var kept = NonMaxSuppression.Weighted(candidates, 0.3f);

        Assert.Equal(2, kept.Count);
        Assert.Equal(0.75f, kept[0].Score);
        Assert.Equal(new FaceBox(0.5f, 0.5f, 10, 10), kept[0].Box);     // 0.75·0 + 0.25·2 = 0.5
        Assert.Equal(new FaceBox(100, 100, 10, 10), kept[1].Box);
    }

    [Fact]
    public void WeightedDropsAGroupThatOverlapsAnAlreadyBlendedFace()
    {
        // 0.9 absorbs 0.8 (IoU 0.67) and the blend moves right; 0.7 overlapped 0.9 by only 0.25 but overlaps the blend
        // by about 0.33.
        var candidates = new[] { Face(0, 0, 10, 0.9f), Face(2, 0, 10, 0.8f), Face(6, 0, 10, 0.7f) };

        var kept = NonMaxSuppression.Weighted(candidates, 0.3f);

        var face = Assert.Single(kept);
        Assert.Equal(0.9f, face.Score);
        Assert.Equal(0.8f * 2 / 1.7f, face.Box.X, 4);
    }

    [Fact]
    public void WeightedLeavesSeparateFacesAlone()
    {
        var candidates = Enumerable.Range(0, 10).Select(i => Face(i * 20, 0, 10, 0.5f + i * 0.01f)).ToArray();

        var kept = NonMaxSuppression.Weighted(candidates, 0.3f);

        Assert.Equal(10, kept.Count);
        Assert.Equal(candidates.Select(c => c.Box).OrderBy(b => b.X), kept.Select(k => k.Box).OrderBy(b => b.X));
    }

    private static DetectedFace Face(float x, float y, float size, float score) => new(new FaceBox(x, y, size, size), score);
}
