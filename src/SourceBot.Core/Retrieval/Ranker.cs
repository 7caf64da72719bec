namespace SourceBot.Core.Retrieval;

/// <summary>A passage with the ranker's probability that it answers the question.</summary>
public readonly record struct RankedPassage(int Passage, double Probability, double LexicalScore);

/// <summary>Settings that shape the ranker; all of them are part of the model's cache key.</summary>
public sealed record RankerSettings(int Seed = 1, int CandidateCount = 20, int MaxTrainingQuestions = 6000)
{
    public string CacheKey => $"seed={Seed};candidates={CandidateCount};train={MaxTrainingQuestions}";
}

/// <summary>
/// SourceBot's ranker: BM25 over body, cited footnotes and source metadata picks candidates (so it scales), then the learned
/// <see cref="Reranker"/> orders them by the probability that they answer.
/// </summary>
public sealed class Ranker : IDisposable
{
    /// <summary>Bump when features, synthetic questions or training change, so cached models are rebuilt.</summary>
    public const string ModelVersion = "ranker-1";

    private readonly LexicalIndex _index;

    private Ranker(Corpus corpus, LexicalIndex index, Reranker reranker, RankerSettings settings)
    {
        Corpus = corpus;
        _index = index;
        Reranker = reranker;
        Settings = settings;
    }

    public Corpus Corpus { get; }
    public Reranker Reranker { get; }
    public RankerSettings Settings { get; }

    public static LexicalIndex BuildIndex(Corpus corpus) =>
        new([.. corpus.Passages.Select(p => p.IndexText)], corpus.Analysis.Analyzer);

    public static Ranker Create(Corpus corpus, LexicalIndex index, Reranker reranker, RankerSettings settings) =>
        new(corpus, index, reranker, settings);

    /// <summary>Trains the reranker on synthetic questions made from the corpus.</summary>
    public static Reranker Train(Corpus corpus, LexicalIndex index, RankerSettings settings, CancellationToken cancellationToken = default)
    {
        var rows = new List<PairRow>();
        foreach (var sq in SyntheticQuestions.Generate(corpus, settings.Seed, settings.MaxTrainingQuestions))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = new Query(sq.Text, corpus);
            if (query.IsEmpty) continue;
            var candidates = Candidates(query, index, settings.CandidateCount);
            if (sq.Answers.Count > 0 && !candidates.Any(c => sq.Answers.Contains(c.Passage))) continue;
            var features = PairFeatures.Compute(query, candidates, corpus);
            for (int i = 0; i < candidates.Count; i++)
                rows.Add(new PairRow { Label = sq.Answers.Contains(candidates[i].Passage), Features = features[i] });
        }
        return Reranker.Train(rows, settings.Seed);
    }

    public IReadOnlyList<RankedPassage> Rank(Query query)
    {
        if (query.IsEmpty) return [];
        var candidates = Candidates(query, _index, Settings.CandidateCount);
        if (candidates.Count == 0) return [];
        var features = PairFeatures.Compute(query, candidates, Corpus);
        var probabilities = Reranker.Score(features);
        var ranked = new RankedPassage[candidates.Count];
        for (int i = 0; i < ranked.Length; i++) ranked[i] = new RankedPassage(candidates[i].Passage, probabilities[i], candidates[i].LexicalScore);
        // Ties (equal probability) fall back to the lexical order, then to passage order, so results are deterministic.
        return [.. ranked.OrderByDescending(r => r.Probability).ThenByDescending(r => r.LexicalScore).ThenBy(r => r.Passage)];
    }

    /// <summary>The lexical candidates alone, for the nearest-topics list of a no-answer.</summary>
    public IReadOnlyList<Candidate> LexicalCandidates(Query query, int count) => Candidates(query, _index, count);

    private static List<Candidate> Candidates(Query query, LexicalIndex index, int count)
    {
        var hits = index.SearchTerms(query.Terms, count);
        return [.. hits.Select((h, rank) => new Candidate(h.Document, h.Score, rank))];
    }

    public void Dispose() => _index.Dispose();
}
