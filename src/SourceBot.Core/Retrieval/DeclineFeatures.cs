namespace SourceBot.Core.Retrieval;

/// <summary>
/// What decides between quoting and saying "not covered", read from the whole candidate list so that it does not depend on
/// which corpus the candidates came from: how close in meaning the closest passage, sentence and sentence pair are (cosines
/// mean the same on any corpus), how much of the question's weight one sentence and one passage cover, how much of the
/// question the sources' vocabulary knows at all, whether the lexical and the semantic search agree on the best passage, how
/// far ahead the semantic best is, whether a "when" or "how many" question meets a date or a number there, and how sure
/// and how far ahead the ranker's first choice is.
/// </summary>
public static class DeclineFeatures
{
    public const int Count = 15;

    /// <param name="probabilities">The ranker's probability for each candidate (in training, from a ranker that never saw the question).</param>
    public static float[] Compute(Query query, IReadOnlyList<Candidate> candidates, float[][] rows, float[] probabilities)
    {
        if (candidates.Count == 0) return new float[Count];
        var ranked = probabilities.OrderByDescending(p => p).ToArray();
        int closest = 0, bestCovering = 0;
        for (int i = 1; i < rows.Length; i++)
        {
            if (rows[i][PairFeatures.SentenceSimilarity] > rows[closest][PairFeatures.SentenceSimilarity]) closest = i;
            if (rows[i][PairFeatures.AllCoverage] > rows[bestCovering][PairFeatures.AllCoverage]) bestCovering = i;
        }
        var denseScores = candidates.Select(c => c.DenseScore).OrderByDescending(x => x).ToArray();
        int topLexical = -1, topDense = -1;
        for (int i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].LexicalRank == 0) topLexical = candidates[i].Passage;
            if (candidates[i].DenseRank == 0) topDense = candidates[i].Passage;
        }
        float Max(int feature) => rows.Max(r => r[feature]);
        return
        [
            Max(PairFeatures.PassageSimilarity),
            Max(PairFeatures.SentenceSimilarity),
            Max(PairFeatures.PairSimilarity),
            Max(PairFeatures.BestSentenceCoverage),
            Max(PairFeatures.AllCoverage),
            (float)query.VocabularyCoverage,
            (float)query.UnknownTermShare,
            topLexical >= 0 && topLexical == topDense ? 1f : 0f,
            denseScores.Length > 1 ? (float)(denseScores[0] - denseScores[1]) : (float)denseScores[0],
            (float)Math.Log(1 + query.Terms.Length),
            rows[closest][12] + rows[closest][13], // when -> a year, how many -> a number, in the closest passage (+1 / -1 / 0)
            rows[closest][PairFeatures.CoverageOfClosestSentence],
            rows[bestCovering][PairFeatures.MaxUnmatchedIdf],
            ranked[0],
            ranked.Length > 1 ? ranked[0] - ranked[1] : ranked[0],
        ];
    }
}
