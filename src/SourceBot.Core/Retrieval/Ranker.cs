using SourceBot.Core.Training;

namespace SourceBot.Core.Retrieval;

/// <summary>A passage with the ranker's probability that it answers the question.</summary>
public readonly record struct RankedPassage(int Passage, double Probability, double LexicalScore);

/// <summary>The ranked candidates and the probability that the question is answerable from them.</summary>
public sealed record RankResult(IReadOnlyList<RankedPassage> Passages, double Answerability)
{
    public static RankResult Empty { get; } = new([], 0);
}

/// <summary>Settings that shape the ranker; all of them are part of the model's cache key.</summary>
public sealed record RankerSettings(int Seed = 1, int CandidateCount = 20, int MaxTrainingQuestions = 6000, string EmbedderId = "none",
    string GeneralTrainingHash = "none")
{
    public string CacheKey => $"seed={Seed};candidates={CandidateCount};train={MaxTrainingQuestions};embedder={EmbedderId};general={GeneralTrainingHash}";
}

/// <summary>
/// The trained models a ranker needs: passage ranking, answer-or-decline, and (when real questions trained it) the choice of
/// the sentence to quote.
/// </summary>
public sealed record RankerModels(BinaryTreeModel<PairRow> Reranker, BinaryTreeModel<DeclineRow> Answerability, BinaryTreeModel<SentenceRow>? Sentences,
    double AnswerThreshold = RankerModels.DefaultAnswerThreshold)
{
    public const double DefaultAnswerThreshold = 0.5;

    /// <summary>Share of answerable training questions the learned threshold lets through.</summary>
    public const double AnsweredShare = 0.97;
}

/// <summary>
/// SourceBot's ranker. Candidates are the union of BM25's best passages (body, cited footnotes and source metadata) and the
/// passages closest in meaning (sentence embeddings); an ML.NET FastTree model over <see cref="PairFeatures"/> orders them by
/// the probability that they answer; a second FastTree model over <see cref="DeclineFeatures"/> decides whether any of them
/// answers at all. Both learn mostly from real questions over other articles (<see cref="GeneralTraining"/>), so what they
/// learn is what a question looks like rather than the wording of one corpus; the loaded sources add synthetic questions and
/// the moderators' taught ones.
/// </summary>
public sealed class Ranker : IDisposable
{
    /// <summary>Bump when features, candidates or training change, so cached models are rebuilt.</summary>
    public const string ModelVersion = "ranker-10";

    /// <summary>How much the loaded sources' own questions weigh in training, against the real questions of other articles.</summary>
    private const float SyntheticWeight = 0.5f, TaughtWeight = 5f;

    private readonly LexicalIndex _index;

    private Ranker(Corpus corpus, LexicalIndex index, PassageEmbeddings? dense, RankerModels models, RankerSettings settings)
    {
        Corpus = corpus;
        _index = index;
        Dense = dense;
        Models = models;
        Settings = settings;
    }

    public Corpus Corpus { get; }

    /// <summary>The passages' sentence-embedding vectors; null when the engine runs without an embedder.</summary>
    public PassageEmbeddings? Dense { get; }
    public RankerModels Models { get; }
    public RankerSettings Settings { get; }

    /// <summary>The bytes of the lexical index's in-memory files.</summary>
    internal long IndexBytes => _index.SizeInBytes;

    /// <summary>Body, cited footnotes and source metadata as separate fields: footnotes and metadata count for less.</summary>
    public static LexicalIndex BuildIndex(Corpus corpus) =>
        new([.. corpus.Passages.Select(p => new[] { p.PlainText, p.NotesText, p.MetaText })], [1f, 0.5f, 0.3f], corpus.Analysis.Analyzer);

    public static Ranker Create(Corpus corpus, LexicalIndex index, PassageEmbeddings? dense, RankerModels models, RankerSettings settings) =>
        new(corpus, index, dense, models, settings);

    /// <summary>
    /// Trains the ranker's models: the reranker from the real questions' rows of <paramref name="general"/> (when there are any) plus
    /// synthetic questions made from the loaded sources and their taught questions, embedded with <paramref name="embedQuestions"/>;
    /// the decline and sentence models are <paramref name="generalModels"/> (made by <see cref="TrainGeneral"/> from the same
    /// rows and seed) when they hold them, else the decline model learns from the loaded sources' questions.
    /// </summary>
    internal static RankerModels Train(Corpus corpus, LexicalIndex index, PassageEmbeddings? dense, Func<IReadOnlyList<string>, float[][]>? embedQuestions,
        TrainingRows general, GeneralModels generalModels, RankerSettings settings, CancellationToken cancellationToken = default)
    {
        if (!generalModels.IsFor(general, settings.Seed))
            throw new ArgumentException($"The general models were trained on rows {generalModels.RowsHash} with seed {generalModels.Seed}, not on rows {general.Hash} with seed {settings.Seed}.", nameof(generalModels));
        var pairRows = new List<PairRow>(general.Pairs);
        bool learnsFromRealQuestions = general.Pairs.Count > 0;
        float localWeight = learnsFromRealQuestions ? SyntheticWeight : 1f;

        var taught = SyntheticQuestions.FromTaught(corpus);
        var synthetic = SyntheticQuestions.Generate(corpus, settings.Seed, settings.MaxTrainingQuestions);
        var junk = JunkQuestions.Generate(corpus, settings.Seed, 200);
        var local = synthetic.Select(q => (q.Text, q.Answers, Weight: localWeight))
            .Concat(taught.Select(q => (q.Text, q.Answers, Weight: TaughtWeight)))
            .Concat(junk.Select(j => (Text: j, Answers: (IReadOnlySet<int>)new HashSet<int>(), Weight: localWeight)))
            .ToList();
        var vectors = embedQuestions?.Invoke([.. local.Select(q => q.Text)]);
        var asked = new List<(Query Query, List<Candidate> Candidates, float[][] Rows, bool Answerable, float Weight)>();
        for (int k = 0; k < local.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (text, answers, weight) = local[k];
            var query = new Query(text, corpus, vectors?[k]);
            if (query.IsEmpty) continue;
            var candidates = Candidates(query, index, dense, settings.CandidateCount);
            if (candidates.Count == 0) continue;
            var rows = PairFeatures.Compute(query, candidates, corpus, dense);
            if (answers.Count == 0 || candidates.Any(c => answers.Contains(c.Passage)))
            {
                for (int i = 0; i < candidates.Count; i++)
                    pairRows.Add(new PairRow { Label = answers.Contains(candidates[i].Passage), Features = rows[i], Weight = weight });
            }
            asked.Add((query, candidates, rows, answers.Count > 0, weight));
        }
        var reranker = BinaryTreeModel<PairRow>.Train(pairRows, settings.Seed, trees: 300, minimumLeafCount: 20);
        if (generalModels.Answerability is { } shared) return new RankerModels(reranker, shared, generalModels.Sentences, generalModels.AnswerThreshold);

        // Without real questions the decline model learns from the loaded sources' own questions, scored by this reranker.
        List<DeclineRow> declineRows = [.. asked.Select(a => new DeclineRow
        {
            Label = a.Answerable, Weight = a.Weight, Features = DeclineFeatures.Compute(a.Query, a.Candidates, a.Rows, reranker.Score(a.Rows)),
        })];
        var answerability = TrainAnswerability(declineRows, settings.Seed);
        double threshold = LearnThreshold(declineRows, declineRows.Count, settings.Seed);
        return new RankerModels(reranker, answerability, generalModels.Sentences, threshold);
    }

    /// <summary>
    /// The models that learn from the real questions alone, the same for every library: the decline model, its threshold and
    /// the sentence model. The decline model learns from the real questions alone when there are some: asked of articles
    /// with and without their subject, scored by rankers that never saw them. The loaded sources' own synthetic questions are
    /// word cuts of their sentences, easier than anything a person asks, and would teach it to trust this corpus's scores.
    /// </summary>
    internal static GeneralModels TrainGeneral(TrainingRows general, int seed)
    {
        BinaryTreeModel<DeclineRow>? answerability = null;
        double threshold = RankerModels.DefaultAnswerThreshold;
        if (general.Declines.Count > 0)
        {
            List<DeclineRow> declineRows = [.. general.Declines];
            answerability = TrainAnswerability(declineRows, seed);
            threshold = LearnThreshold(declineRows, general.AskedDeclines, seed);
        }
        var sentences = general.Sentences.Count > 0 && general.Sentences.Any(r => r.Label) && general.Sentences.Any(r => !r.Label)
            ? BinaryTreeModel<SentenceRow>.Train(general.Sentences, seed, trees: 200, minimumLeafCount: 10)
            : null;
        return new GeneralModels(general.Hash, seed, answerability, threshold, sentences);
    }

    private static BinaryTreeModel<DeclineRow> TrainAnswerability(List<DeclineRow> rows, int seed) =>
        BinaryTreeModel<DeclineRow>.Train(rows, seed, trees: 200, minimumLeafCount: 10);

    /// <summary>
    /// The decline probability that lets <see cref="RankerModels.AnsweredShare"/> of the answerable training questions through
    /// when each half of the rows is scored by a model trained on the other half (so on questions it never saw); never above
    /// the default. Rows come in question order, a question's answerable and off-topic forms side by side, so halves split
    /// by pairs of rows; only the first <paramref name="asked"/> rows (questions as people asked them, not their keyword
    /// forms) are scored.
    /// </summary>
    private static double LearnThreshold(List<DeclineRow> rows, int asked, int seed)
    {
        var held = new List<float>();
        for (int half = 0; half < 2; half++)
        {
            var train = rows.Where((_, i) => i / 2 % 2 != half).ToList();
            var test = rows.Where((r, i) => i < asked && i / 2 % 2 == half && r.Label).ToList();
            if (test.Count == 0 || !train.Any(r => r.Label) || train.All(r => r.Label)) continue;
            var model = BinaryTreeModel<DeclineRow>.Train(train, seed, trees: 200, minimumLeafCount: 10);
            held.AddRange(model.Score([.. test.Select(r => r.Features)]));
        }
        if (held.Count < 50) return RankerModels.DefaultAnswerThreshold;
        held.Sort();
        double quantile = held[(int)Math.Floor((1 - RankerModels.AnsweredShare) * held.Count)];
        return Math.Min(RankerModels.DefaultAnswerThreshold, quantile);
    }

    public RankResult Rank(Query query)
    {
        if (query.IsEmpty) return RankResult.Empty;
        var candidates = Candidates(query, _index, Dense, Settings.CandidateCount);
        if (candidates.Count == 0) return RankResult.Empty;
        var rows = PairFeatures.Compute(query, candidates, Corpus, Dense);
        var probabilities = Models.Reranker.Score(rows);
        // Ties fall back to the lexical score, then to passage order, so results are deterministic.
        var ranked = candidates.Select((c, i) => new RankedPassage(c.Passage, probabilities[i], c.LexicalScore))
            .OrderByDescending(r => r.Probability).ThenByDescending(r => r.LexicalScore).ThenBy(r => r.Passage).ToList();
        double answerability = Models.Answerability.Score([DeclineFeatures.Compute(query, candidates, rows, probabilities)])[0];
        return new RankResult(ranked, answerability);
    }

    /// <summary>
    /// The quote a passage gives for the question: the question's similarity to each sentence is computed once and read both
    /// by the sentence model (when there is one) and by the quote selector.
    /// </summary>
    public Answers.Quote Quote(Query query, AnalyzedPassage passage, int maxWords)
    {
        var similarities = query.Embedding is { } q ? Dense?.SentenceSimilarities(q, passage.Index) : null;
        double[]? scores = Models.Sentences is { } model && passage.Sentences.Length > 0
            ? [.. model.Score(SentenceFeatures.Compute(query, passage, similarities)).Select(x => (double)x)]
            : null;
        return Answers.QuoteSelector.Select(query, passage, Corpus, maxWords, similarities, scores);
    }

    /// <summary>The lexical candidates alone, for the nearest-topics list of a no-answer.</summary>
    public IReadOnlyList<Candidate> LexicalCandidates(Query query, int count) => Candidates(query, _index, null, count);

    /// <summary>
    /// The union of the <paramref name="count"/> best passages by BM25 and by meaning, each with both scores and ranks;
    /// <paramref name="allowed"/>, when given, leaves out some passages (training: a question asked as if its source were missing).
    /// </summary>
    internal static List<Candidate> Candidates(Query query, LexicalIndex index, PassageEmbeddings? dense, int count, Func<int, bool>? allowed = null,
        int excludedCount = 0)
    {
        var lexical = index.SearchTerms(query.Terms, count + excludedCount).Where(h => allowed?.Invoke(h.Document) ?? true).Take(count).ToList();
        var byPassage = new Dictionary<int, Candidate>();
        for (int rank = 0; rank < lexical.Count; rank++)
            byPassage[lexical[rank].Document] = new Candidate(lexical[rank].Document, lexical[rank].Score, rank);
        if (dense is not null && query.Embedding is { } q)
        {
            var hits = dense.Search(q, int.MaxValue, allowed);
            foreach (var hit in hits)
            {
                if (byPassage.TryGetValue(hit.Passage, out var c)) byPassage[hit.Passage] = c with { DenseScore = hit.Similarity, DenseRank = hit.Rank };
                else if (hit.Rank < count) byPassage[hit.Passage] = new Candidate(hit.Passage, 0, Candidate.NotFound, hit.Similarity, hit.Rank);
            }
        }
        return [.. byPassage.Values.OrderBy(c => Math.Min(c.LexicalRank, c.DenseRank)).ThenBy(c => c.Passage)];
    }

    public void Dispose() => _index.Dispose();
}
