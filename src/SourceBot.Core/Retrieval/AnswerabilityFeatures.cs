namespace SourceBot.Core.Retrieval;

/// <summary>
/// What decides between quoting and saying "not covered": how much of the question the sources' vocabulary knows, how
/// well the best passage and its best sentence cover it, the heaviest question word the passage lacks, and how sure and how
/// far ahead the ranker's choice is.
/// </summary>
public static class AnswerabilityFeatures
{
    public const int Count = 8;

    public static float[] Compute(Query query, float[] topPair, double topProbability, double secondProbability, double topLexical)
    {
        return
        [
            (float)query.VocabularyCoverage,
            (float)topProbability,
            (float)(topProbability - secondProbability),
            topPair[6],  // all_coverage
            topPair[7],  // best_sentence_coverage
            topPair[14], // max_unmatched_idf
            topPair[11], // query_terms_log
            (float)(topLexical / Math.Max(1e-9, query.TotalIdf)),
        ];
    }
}
