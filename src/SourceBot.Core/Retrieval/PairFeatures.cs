namespace SourceBot.Core.Retrieval;

/// <summary>
/// A candidate passage for a question: its lexical (BM25) score and rank, and its similarity by meaning (the better of the
/// passage's and its best sentence's) and rank by that. A passage one side did not find has rank <see cref="NotFound"/> there
/// and lexical score 0.
/// </summary>
public readonly record struct Candidate(int Passage, double LexicalScore, int LexicalRank, double DenseScore = 0, int DenseRank = Candidate.NotFound)
{
    public const int NotFound = 1000;
}

/// <summary>
/// The features of a (question, passage) pair the learned ranker scores. Each says something a reader would check:
/// how much of the question's weight the passage, its best sentence, its footnotes or its source's metadata cover, whether
/// the question's word pairs appear together, whether a "when" question meets a year, and how the passage stands against
/// the other candidates. Changing the list changes <see cref="Count"/> and so the model version.
/// </summary>
public static class PairFeatures
{
    public const int Count = 30;

    // Indexes the decline model and the quote selection read.
    internal const int AllCoverage = 6, BestSentenceCoverage = 7, MaxUnmatchedIdf = 14, PassageSimilarity = 22, SentenceSimilarity = 23,
        PairSimilarity = 24, CoverageOfClosestSentence = 29;

    /// <summary>
    /// Computes the features of every candidate; some compare each candidate with the best of the list. Without sentence
    /// embeddings (<paramref name="dense"/> null or no question vector) the embedding features are 0.
    /// </summary>
    public static float[][] Compute(Query query, IReadOnlyList<Candidate> candidates, Corpus corpus, PassageEmbeddings? dense = null)
    {
        var rows = new float[candidates.Count][];
        if (candidates.Count == 0) return rows;
        double topLexical = Math.Max(1e-9, candidates.Max(c => c.LexicalScore));
        var bodyBm25 = new double[candidates.Count];
        var bestSentenceBm25 = new double[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            var p = corpus.Passages[candidates[i].Passage];
            bodyBm25[i] = Bm25(query, p.BodyTf, p.BodyTerms.Length, corpus.AverageBodyLength, corpus);
            bestSentenceBm25[i] = p.Sentences.Length == 0 ? 0 : p.Sentences.Max(s => Bm25(query, s.Tf, s.Terms.Length, corpus.AverageSentenceLength, corpus));
        }
        double maxBody = Math.Max(1e-9, bodyBm25.Max());
        double maxSentence = Math.Max(1e-9, bestSentenceBm25.Max());
        double total = Math.Max(1e-9, query.TotalIdf);

        for (int i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var p = corpus.Passages[c.Passage];
            double body = 0, notes = 0, meta = 0, all = 0, maxUnmatched = 0;
            for (int t = 0; t < query.Terms.Length; t++)
            {
                var term = query.Terms[t];
                bool inBody = p.BodyTf.ContainsKey(term), inNotes = p.NoteTf.ContainsKey(term), inMeta = Array.IndexOf(p.MetaTerms, term) >= 0;
                if (inBody) body += query.Idf[t];
                if (inNotes) notes += query.Idf[t];
                if (inMeta) meta += query.Idf[t];
                if (inBody || inNotes || inMeta) all += query.Idf[t];
                else maxUnmatched = Math.Max(maxUnmatched, query.Idf[t]);
            }
            double bestSentence = 0, bestWindow = 0;
            var sentenceCoverage = new double[p.Sentences.Length];
            for (int s = 0; s < p.Sentences.Length; s++)
            {
                sentenceCoverage[s] = Covered(query, p.Sentences[s].Terms, null) / total;
                bestSentence = Math.Max(bestSentence, sentenceCoverage[s]);
                if (s > 0) bestWindow = Math.Max(bestWindow, Covered(query, p.Sentences[s - 1].Terms, p.Sentences[s].Terms) / total);
            }
            bestWindow = Math.Max(bestWindow, bestSentence);

            double passageCos = 0, sentenceCos = 0, pairCos = 0, closestCoverage = 0;
            if (dense is not null && query.Embedding is { } q)
            {
                var (whole, best, bestIndex) = dense.Similarities(q, c.Passage);
                passageCos = whole;
                sentenceCos = best;
                pairCos = dense.BestPairSimilarity(q, c.Passage);
                if (bestIndex >= 0) closestCoverage = sentenceCoverage[bestIndex];
            }

            rows[i] =
            [
                (float)(c.LexicalScore / topLexical),
                1f / (c.LexicalRank + 1),
                (float)(bodyBm25[i] / maxBody),
                (float)(notes / total),
                (float)(meta / total),
                (float)(body / total),
                (float)(all / total),
                (float)bestSentence,
                (float)(bestSentenceBm25[i] / maxSentence),
                BigramShare(query, p),
                (float)query.VocabularyCoverage,
                (float)Math.Log(1 + query.Terms.Length),
                (query.Kind & QuestionKind.When) != 0 ? (p.HasYear ? 1f : -1f) : 0f,
                (query.Kind & QuestionKind.HowMany) != 0 ? (p.HasNumber ? 1f : -1f) : 0f,
                (float)(maxUnmatched / corpus.MaxIdf),
                (float)Math.Log(1 + p.BodyTerms.Length),
                (float)TfIdfCosine(query, p, corpus),
                (float)bestWindow,
                0f,
                0f,
                (float)corpus.Vectors.Cosine(query.Vector, p.Index),
                0f,
                (float)passageCos,
                (float)sentenceCos,
                (float)pairCos,
                1f / (Math.Min(c.DenseRank, Candidate.NotFound) + 1),
                0f,
                0f,
                1f / (Math.Min(c.DenseRank, Candidate.NotFound) + 1) * (1f / (c.LexicalRank + 1)),
                (float)closestCoverage,
            ];
        }
        float maxAll = rows.Max(r => r[6]), maxBest = rows.Max(r => r[7]), maxVector = rows.Max(r => r[20]);
        float maxPassageCos = rows.Max(r => r[PassageSimilarity]), maxSentenceCos = rows.Max(r => r[SentenceSimilarity]);
        foreach (var r in rows)
        {
            r[18] = r[6] - maxAll;
            r[19] = r[7] - maxBest;
            r[21] = r[20] - maxVector;
            r[26] = r[PassageSimilarity] - maxPassageCos;
            r[27] = r[SentenceSimilarity] - maxSentenceCos;
        }
        return rows;
    }

    private static double Covered(Query query, string[] a, string[]? b)
    {
        double sum = 0;
        for (int t = 0; t < query.Terms.Length; t++)
        {
            if (Array.IndexOf(a, query.Terms[t]) >= 0 || (b is not null && Array.IndexOf(b, query.Terms[t]) >= 0)) sum += query.Idf[t];
        }
        return sum;
    }

    /// <summary>BM25 (k1 1.2, b 0.75) of the question against one bag of terms, using the corpus's passage-level idf.</summary>
    public static double Bm25(Query query, Dictionary<string, int> tf, int length, double averageLength, Corpus corpus)
    {
        const double k1 = 1.2, b = 0.75;
        double score = 0;
        for (int t = 0; t < query.Terms.Length; t++)
        {
            if (!tf.TryGetValue(query.Terms[t], out var f)) continue;
            score += query.Idf[t] * f * (k1 + 1) / (f + k1 * (1 - b + b * length / averageLength));
        }
        return score;
    }

    private static float BigramShare(Query query, AnalyzedPassage p) =>
        query.Bigrams.Length == 0 ? 0f : query.BigramsIn(p.BodyTerms) / (float)query.Bigrams.Length;

    /// <summary>Cosine of sublinear tf-idf vectors of the question and the passage body with its cited footnotes.</summary>
    private static double TfIdfCosine(Query query, AnalyzedPassage p, Corpus corpus)
    {
        double dot = 0, qNorm = 0;
        for (int t = 0; t < query.Terms.Length; t++)
        {
            double qw = query.Idf[t];
            qNorm += qw * qw;
            int f = p.BodyTf.GetValueOrDefault(query.Terms[t]) + p.NoteTf.GetValueOrDefault(query.Terms[t]);
            if (f > 0) dot += qw * (1 + Math.Log(f)) * query.Idf[t];
        }
        if (dot == 0) return 0;
        return dot / (Math.Sqrt(qNorm) * corpus.BodyNorms[p.Index]);
    }
}
