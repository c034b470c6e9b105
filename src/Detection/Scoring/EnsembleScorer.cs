namespace DeepScan.Detection.Scoring;

/// <summary>Combines the members' fake probabilities for one face: P = Σ wᵢ·pᵢ / Σ wᵢ.</summary>
public static class EnsembleScorer
{
    /// <summary>
    /// The weighted mean over members that scored the face; members whose score is NaN (could not score) are left
    /// out of both sums. NaN when no member scored it.
    /// </summary>
    public static float Combine(ReadOnlySpan<float> memberScores, ReadOnlySpan<double> weights)
    {
        if (memberScores.Length != weights.Length)
        {
            throw new ArgumentException($"{memberScores.Length} scores for {weights.Length} weights.");
        }

        double weighted = 0, total = 0;
        for (var i = 0; i < memberScores.Length; i++)
        {
            if (float.IsNaN(memberScores[i]) || weights[i] <= 0)
            {
                continue;
            }

            weighted += weights[i] * memberScores[i];
            total += weights[i];
        }

        return total > 0 ? (float)(weighted / total) : float.NaN;
    }
}
