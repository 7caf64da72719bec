using System.Numerics.Tensors;
using SourceBot.Core.Embeddings;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Retrieval;

/// <summary>A passage found by meaning: its best similarity (passage or one of its sentences) and its rank by it.</summary>
public readonly record struct DenseHit(int Passage, double Similarity, int Rank);

/// <summary>
/// The sentence-embedding vectors of a corpus: one for each passage's text and one for each of its sentences (footnote markers
/// removed), unit length, so a dot product is a cosine. Searching is an exact dot product over all of them: at 10,000 passages
/// of a few sentences that is a few tens of millions of multiply-adds, milliseconds with SIMD, and needs no approximate index.
/// </summary>
public sealed class PassageEmbeddings
{
    private PassageEmbeddings(float[][] passages, float[][][] sentences)
    {
        Passages = passages;
        Sentences = sentences;
    }

    /// <summary>Each passage's vector, by passage index.</summary>
    public float[][] Passages { get; }

    /// <summary>Each passage's sentence vectors, by passage index then sentence index.</summary>
    public float[][][] Sentences { get; }

    /// <summary>
    /// Embeds the corpus's passages and sentences through <paramref name="cache"/>, so only texts it has not seen before cost a
    /// model run (a publish that changed one passage embeds that passage's sentences and nothing else).
    /// </summary>
    internal static PassageEmbeddings Build(Corpus corpus, ITextEmbedder embedder, VectorCache cache, IProgress<EmbeddingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        foreach (var p in corpus.Passages)
        {
            texts.Add(p.PlainText);
            foreach (var s in p.Sentences) texts.Add(FootnoteMarkers.Strip(s.Text));
        }
        var vectors = cache.GetOrEmbedAsync(embedder, texts, EmbeddingRole.Passage, progress, cancellationToken).GetAwaiter().GetResult();
        var passages = new float[corpus.Passages.Length][];
        var sentences = new float[corpus.Passages.Length][][];
        int k = 0;
        foreach (var p in corpus.Passages)
        {
            passages[p.Index] = vectors[k++];
            sentences[p.Index] = new float[p.Sentences.Length][];
            for (int s = 0; s < p.Sentences.Length; s++) sentences[p.Index][s] = vectors[k++];
        }
        return new PassageEmbeddings(passages, sentences);
    }

    public static double Cosine(float[] a, float[] b) => TensorPrimitives.Dot(a, b);

    /// <summary>The similarity of the question to the passage and to its best sentence.</summary>
    public (double Passage, double BestSentence, int BestSentenceIndex) Similarities(float[] question, int passage)
    {
        double whole = Cosine(question, Passages[passage]);
        double best = double.MinValue;
        int bestIndex = -1;
        var sentences = Sentences[passage];
        for (int s = 0; s < sentences.Length; s++)
        {
            double c = Cosine(question, sentences[s]);
            if (c > best) { best = c; bestIndex = s; }
        }
        return (whole, bestIndex < 0 ? whole : best, bestIndex);
    }

    /// <summary>The similarity of the question to each sentence of a passage, in order.</summary>
    public double[] SentenceSimilarities(float[] question, int passage)
    {
        var sentences = Sentences[passage];
        var result = new double[sentences.Length];
        for (int s = 0; s < sentences.Length; s++) result[s] = Cosine(question, sentences[s]);
        return result;
    }

    /// <summary>
    /// The similarity of the question to the best pair of adjacent sentences, read as the normalised sum of their two vectors
    /// (close to the vector of the pair, without a model run per pair).
    /// </summary>
    public double BestPairSimilarity(float[] question, int passage)
    {
        var sentences = Sentences[passage];
        if (sentences.Length < 2) return sentences.Length == 1 ? Cosine(question, sentences[0]) : Cosine(question, Passages[passage]);
        double best = double.MinValue;
        for (int s = 1; s < sentences.Length; s++)
        {
            double dot = Cosine(question, sentences[s - 1]) + Cosine(question, sentences[s]);
            double norm = Math.Sqrt(Math.Max(1e-9, 2 + 2 * Cosine(sentences[s - 1], sentences[s])));
            best = Math.Max(best, dot / norm);
        }
        return best;
    }

    /// <summary>
    /// The <paramref name="top"/> passages most similar to the question, each scored by the better of its own vector and its
    /// best sentence's; <paramref name="allowed"/>, when given, limits the search to some passages. Ties go to the earlier passage.
    /// </summary>
    public IReadOnlyList<DenseHit> Search(float[] question, int top, Func<int, bool>? allowed = null)
    {
        var scored = new List<(int Passage, double Score)>(Passages.Length);
        for (int p = 0; p < Passages.Length; p++)
        {
            if (allowed is not null && !allowed(p)) continue;
            double score = Cosine(question, Passages[p]);
            foreach (var s in Sentences[p]) score = Math.Max(score, Cosine(question, s));
            scored.Add((p, score));
        }
        return [.. scored.OrderByDescending(x => x.Score).ThenBy(x => x.Passage).Take(top).Select((x, rank) => new DenseHit(x.Passage, x.Score, rank))];
    }
}
