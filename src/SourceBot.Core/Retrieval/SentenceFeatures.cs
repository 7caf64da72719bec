using SourceBot.Core.Answers;

namespace SourceBot.Core.Retrieval;

/// <summary>
/// The features of each sentence of a passage as the answer to a question, for the model that picks the sentence to quote:
/// its meaning and word overlap with the question (and against the passage's best), the kind of thing it holds against the
/// kind asked for, its place in the passage, and what its neighbours say (the answer often follows the sentence that names
/// the subject).
/// </summary>
public static class SentenceFeatures
{
    public const int Count = 16;

    /// <param name="similarities">The question's embedding similarity to each sentence, or null without embeddings.</param>
    public static float[][] Compute(Query query, AnalyzedPassage passage, double[]? similarities)
    {
        var sentences = passage.Sentences;
        int n = sentences.Length;
        var rows = new float[n][];
        if (n == 0) return rows;
        double total = Math.Max(query.TotalIdf, 1e-9);
        var coverage = new double[n];
        var cos = new double[n];
        for (int s = 0; s < n; s++)
        {
            double matched = 0;
            for (int t = 0; t < query.Terms.Length; t++)
            {
                if (Array.IndexOf(sentences[s].Terms, query.Terms[t]) >= 0) matched += query.Idf[t];
                else if (sentences[s].NoteTerms.Contains(query.Terms[t])) matched += 0.5 * query.Idf[t];
            }
            coverage[s] = matched / total;
            cos[s] = similarities is not null && s < similarities.Length ? similarities[s] : 0;
        }
        double maxCos = cos.Max(), maxCoverage = coverage.Max();
        var cosOrder = Enumerable.Range(0, n).OrderByDescending(s => cos[s]).ThenBy(s => s).ToArray();
        var cosRank = new int[n];
        for (int r = 0; r < n; r++) cosRank[cosOrder[r]] = r;
        for (int s = 0; s < n; s++)
        {
            var text = sentences[s].Text;
            rows[s] =
            [
                (float)cos[s],
                (float)(cos[s] - maxCos),
                1f / (cosRank[s] + 1),
                (float)coverage[s],
                (float)(coverage[s] - maxCoverage),
                query.Bigrams.Length == 0 ? 0f : query.BigramsIn(sentences[s].Terms) / (float)query.Bigrams.Length,
                Match(query, QuestionKind.When, AnswerKinds.HasDate(text)),
                Match(query, QuestionKind.HowMany, AnswerKinds.HasNumber(text)),
                Match(query, QuestionKind.Who, AnswerKinds.HasAgent(text)),
                n == 1 ? 0f : s / (float)(n - 1),
                s == 0 ? 1f : 0f,
                (float)Math.Log(1 + sentences[s].WordCount),
                s > 0 ? (float)coverage[s - 1] : 0f,
                s > 0 ? (float)cos[s - 1] : 0f,
                s + 1 < n ? (float)coverage[s + 1] : 0f,
                (query.Kind & QuestionKind.Define) != 0 && QuoteSelector.IsDefinitional(text) ? 1f : 0f,
            ];
        }
        return rows;
    }

    private static float Match(Query query, QuestionKind kind, bool present) =>
        (query.Kind & kind) == 0 ? 0f : present ? 1f : -1f;
}
