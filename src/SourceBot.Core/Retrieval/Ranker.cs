namespace SourceBot.Core.Retrieval;

/// <summary>A passage with the ranker's probability that it answers the question.</summary>
public readonly record struct RankedPassage(int Passage, double Probability, double LexicalScore);

/// <summary>The ranked candidates and the probability that the question is answerable from the best of them.</summary>
public sealed record RankResult(IReadOnlyList<RankedPassage> Passages, double Answerability)
{
    public static RankResult Empty { get; } = new([], 0);
}

/// <summary>Settings that shape the ranker; all of them are part of the model's cache key.</summary>
public sealed record RankerSettings(int Seed = 1, int CandidateCount = 20, int MaxTrainingQuestions = 6000)
{
    public string CacheKey => $"seed={Seed};candidates={CandidateCount};train={MaxTrainingQuestions}";
}

/// <summary>The two trained models a ranker needs.</summary>
public sealed record RankerModels(BinaryTreeModel<PairRow> Reranker, BinaryTreeModel<AnswerabilityRow> Answerability);

/// <summary>
/// SourceBot's ranker. BM25 over body, cited footnotes and source metadata picks candidates (so it scales to large corpora);
/// an ML.NET FastTree model over <see cref="PairFeatures"/> orders them by the probability that they answer; a second
/// FastTree model over <see cref="AnswerabilityFeatures"/> decides whether the best one answers at all. Both learn only
/// from synthetic questions made from the sources; the second from a separate set, so it sees the first's honest scores.
/// </summary>
public sealed class Ranker : IDisposable
{
    /// <summary>Bump when features, synthetic questions or training change, so cached models are rebuilt.</summary>
    public const string ModelVersion = "ranker-6";

    private readonly LexicalIndex _index;

    private Ranker(Corpus corpus, LexicalIndex index, RankerModels models, RankerSettings settings)
    {
        Corpus = corpus;
        _index = index;
        Models = models;
        Settings = settings;
    }

    public Corpus Corpus { get; }
    public RankerModels Models { get; }
    public RankerSettings Settings { get; }

    /// <summary>Body, cited footnotes and source metadata as separate fields: footnotes and metadata count for less.</summary>
    public static LexicalIndex BuildIndex(Corpus corpus) =>
        new([.. corpus.Passages.Select(p => new[] { p.PlainText, p.NotesText, p.MetaText })], [1f, 0.5f, 0.3f], corpus.Analysis.Analyzer);

    public static Ranker Create(Corpus corpus, LexicalIndex index, RankerModels models, RankerSettings settings) =>
        new(corpus, index, models, settings);

    public static RankerModels Train(Corpus corpus, LexicalIndex index, RankerSettings settings, CancellationToken cancellationToken = default)
    {
        var pairRows = new List<PairRow>();
        // Issue #5: moderator-taught questions join both training sets (ranker-4).
        var taught = SyntheticQuestions.FromTaught(corpus);
        foreach (var sq in SyntheticQuestions.Generate(corpus, settings.Seed, settings.MaxTrainingQuestions).Concat(taught))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = new Query(sq.Text, corpus);
            if (query.IsEmpty) continue;
            var candidates = Candidates(query, index, settings.CandidateCount);
            if (sq.Answers.Count > 0 && !candidates.Any(c => sq.Answers.Contains(c.Passage))) continue;
            var features = PairFeatures.Compute(query, candidates, corpus);
            for (int i = 0; i < candidates.Count; i++)
                pairRows.Add(new PairRow { Label = sq.Answers.Contains(candidates[i].Passage), Features = features[i] });
        }
        var reranker = BinaryTreeModel<PairRow>.Train(pairRows, settings.Seed, trees: 300, minimumLeafCount: 20);

        var answerRows = new List<AnswerabilityRow>();
        int heldOut = Math.Max(200, settings.MaxTrainingQuestions / 3);
        foreach (var sq in SyntheticQuestions.Generate(corpus, settings.Seed + 7919, heldOut).Concat(taught))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = new Query(sq.Text, corpus);
            if (query.IsEmpty) continue;
            var features = Score(query, index, corpus, reranker, settings, out _);
            if (features is null) continue;
            answerRows.Add(new AnswerabilityRow { Label = sq.Answers.Count > 0, Features = features });
        }
        var answerability = BinaryTreeModel<AnswerabilityRow>.Train(answerRows, settings.Seed, trees: 200, minimumLeafCount: 10);
        return new RankerModels(reranker, answerability);
    }

    public RankResult Rank(Query query)
    {
        if (query.IsEmpty) return RankResult.Empty;
        var features = Score(query, _index, Corpus, Models.Reranker, Settings, out var ranked);
        if (features is null) return RankResult.Empty;
        double answerability = Models.Answerability.Score([features])[0];
        return new RankResult(ranked, answerability);
    }

    /// <summary>Ranks the candidates and returns the answerability features of the best one (null when nothing matched).</summary>
    private static float[]? Score(Query query, LexicalIndex index, Corpus corpus, BinaryTreeModel<PairRow> reranker, RankerSettings settings,
        out IReadOnlyList<RankedPassage> ranked)
    {
        var candidates = Candidates(query, index, settings.CandidateCount);
        var rows = PairFeatures.Compute(query, candidates, corpus);
        if (candidates.Count == 0)
        {
            ranked = [];
            return null;
        }
        var probabilities = reranker.Score(rows);
        var list = new (RankedPassage Ranked, float[] Features)[candidates.Count];
        for (int i = 0; i < list.Length; i++)
            list[i] = (new RankedPassage(candidates[i].Passage, probabilities[i], candidates[i].LexicalScore), rows[i]);
        // Ties fall back to the lexical score, then to passage order, so results are deterministic.
        var ordered = list.OrderByDescending(r => r.Ranked.Probability).ThenByDescending(r => r.Ranked.LexicalScore).ThenBy(r => r.Ranked.Passage).ToList();
        ranked = [.. ordered.Select(r => r.Ranked)];
        double second = ordered.Count > 1 ? ordered[1].Ranked.Probability : 0;
        return AnswerabilityFeatures.Compute(query, ordered[0].Features, ordered[0].Ranked.Probability, second, ordered[0].Ranked.LexicalScore);
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
