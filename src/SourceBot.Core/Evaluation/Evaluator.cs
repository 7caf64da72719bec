using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;

namespace SourceBot.Core.Evaluation;

/// <summary>The figures of one system on one question set.</summary>
public sealed record EvalRow(
    string System,
    int Answerable,
    double QuoteHitAt1,
    double QuoteHitAt3,
    double QuoteMrr,
    double PassageHitAt1,
    double PassageHitAt3,
    double PassageMrr,
    int CiteQuestions,
    double FootnoteCiteAccuracy,
    int OffTopic,
    int OffTopicRefused,
    int AnswerableRefused,
    IReadOnlyList<KindRefusals> RefusedByKind);

/// <summary>How many questions of one kind a system refused.</summary>
public sealed record KindRefusals(string Kind, int Questions, int Refused);

/// <summary>A question SourceBot got wrong, with what it said instead.</summary>
public sealed record EvalMiss(string Question, string Kind, string? PassageId, string? Quote, IReadOnlyList<string>? Expected);

public sealed record EvalReport(IReadOnlyList<EvalRow> Rows, IReadOnlyList<EvalMiss> Misses, string KnowledgeHash, string ModelHash, int Questions)
{
    /// <summary>The training seed the engine was built with.</summary>
    public int Seed { get; init; }

    /// <summary>SourceBot's own row.</summary>
    public EvalRow SourceBot => Rows.Single(r => r.System == Evaluator.SourceBotName);
}

/// <summary>
/// Runs a question set through BM25, the plain classifier and SourceBot in the same run. The baselines' top passages are
/// quoted by the same quote selector SourceBot uses; SourceBot is judged on the <see cref="Answer"/> its engine returns, so its
/// row measures what a user is given: the answer's passage, quote and footnotes at rank 1 (a declined answer is a refusal),
/// then the answer's alternatives.
/// </summary>
public static class Evaluator
{
    private const int Depth = 10;

    public const string SourceBotName = "SourceBot (BM25 + embedding candidates, ML.NET FastTree ranker)";

    public static EvalReport Run(AnswerEngine engine, IReadOnlyList<EvalQuestion> questions)
    {
        // Leased, so a swap on the engine meanwhile cannot release the snapshot under the run.
        using var lease = engine.Acquire();
        var snapshot = lease.Snapshot;
        var corpus = snapshot.Corpus;
        int maxQuoteWords = engine.Options.MaxQuoteWords;
        using var bm25 = new Bm25Baseline(corpus);
        var embedderAlone = new EmbedderBaseline(snapshot);
        // The engine's own answers, pinned to the snapshot the report names and carrying as many alternatives as the
        // baselines rank passages, so hit@3 and MRR see as deep a list. The number of alternatives changes nothing else in
        // an answer. Not disposed: disposing an engine disposes its snapshot, which belongs to the caller's engine.
        var options = engine.Options.Copy();
        options.Alternatives = Depth - 1;
        var sourceBot = new AnswerEngine(snapshot, options);

        var misses = new List<EvalMiss>();
        EvalRow[] rows =
        [
            Score(bm25.Name, questions, q => Quoted(bm25, q, snapshot, maxQuoteWords), null),
            Score(embedderAlone.Name, questions, q => Quoted(embedderAlone, q, snapshot, maxQuoteWords), null),
            Score(SourceBotName, questions, q => Given(sourceBot.Ask(q), snapshot.Knowledge), misses),
        ];
        return new EvalReport(rows, misses, snapshot.Knowledge.Hash[..16], snapshot.ModelHash, questions.Count);
    }

    /// <summary>One place in a system's list: a passage, the quote taken from it and the footnotes that quote cites (read at rank 1 only).</summary>
    private sealed record Place(string PassageId, string PassageText, string Quote, IEnumerable<string> Footnotes);

    /// <summary>A passage hit: the set's gold passage when it names one, else a passage holding an expected phrase.</summary>
    private static bool PassageHit(EvalQuestion q, Place place) =>
        q.Passage is { Length: > 0 } gold ? place.PassageId == gold : QuestionSet.ContainsAny(place.PassageText, q.Expect);

    /// <summary>A baseline's ranking, each passage quoted by SourceBot's quote selector; empty when it gives no answer.</summary>
    private static IReadOnlyList<Place> Quoted(IEvaluatedRanker system, string question, EngineSnapshot snapshot, int maxQuoteWords)
    {
        var corpus = snapshot.Corpus;
        var clean = QuestionText.Clean(question);
        var query = new Query(clean, corpus, snapshot.EmbedQuestion(clean));
        return [.. system.Rank(question, Depth).Select(i =>
        {
            var p = corpus.Passages[i];
            var quote = snapshot.Ranker.Quote(query, p, maxQuoteWords);
            var source = corpus.Knowledge.SourceOf(p.Passage);
            return new Place(p.Passage.Id, p.Passage.Text, quote.Text,
                QuoteSelector.FootnotesFor(p, quote).Select(n => source.FindFootnote(n)?.Text ?? ""));
        })];
    }

    /// <summary>SourceBot's answer as a list: the answer itself, then its alternatives; empty when it declines.</summary>
    private static IReadOnlyList<Place> Given(Answer answer, KnowledgeBase knowledge)
    {
        if (!answer.Answered) return [];
        return
        [
            new Place(answer.PassageId!, answer.PassageText!, answer.Quote!, answer.Footnotes.Select(f => f.Text)),
            .. answer.Alternatives.Select(a => new Place(a.PassageId, knowledge.FindPassage(a.PassageId)?.Text ?? "", a.Quote, [])),
        ];
    }

    private static EvalRow Score(string system, IReadOnlyList<EvalQuestion> questions, Func<string, IReadOnlyList<Place>> answer, List<EvalMiss>? misses)
    {
        int answerable = 0, offTopic = 0, offRefused = 0, answerRefused = 0, citeQuestions = 0, citeRight = 0;
        double qh1 = 0, qh3 = 0, qmrr = 0, ph1 = 0, ph3 = 0, pmrr = 0;
        var kinds = new SortedDictionary<string, (int Questions, int Refused)>(StringComparer.Ordinal);
        foreach (var q in questions)
        {
            var ranked = answer(q.Question);
            var (count, refused) = kinds.GetValueOrDefault(q.KindOrDefault);
            kinds[q.KindOrDefault] = (count + 1, refused + (ranked.Count == 0 ? 1 : 0));
            if (q.OutOfScope)
            {
                offTopic++;
                if (ranked.Count == 0) offRefused++;
                else misses?.Add(new EvalMiss(q.Question, "off-topic answered", ranked[0].PassageId, ranked[0].Quote, null));
                continue;
            }
            answerable++;
            if (ranked.Count == 0) answerRefused++;
            if (q.Cite is { Count: > 0 })
            {
                citeQuestions++;
                if (ranked.Count > 0 && ranked[0].Footnotes.Any(n => QuestionSet.ContainsAny(n, q.Cite))) citeRight++;
            }
            int quoteRank = 0, passageRank = 0;
            for (int r = 0; r < ranked.Count; r++)
            {
                if (quoteRank == 0 && QuestionSet.ContainsAny(ranked[r].Quote, q.Expect)) quoteRank = r + 1;
                if (passageRank == 0 && PassageHit(q, ranked[r])) passageRank = r + 1;
            }
            qh1 += quoteRank == 1 ? 1 : 0;
            qh3 += quoteRank is >= 1 and <= 3 ? 1 : 0;
            qmrr += quoteRank > 0 ? 1.0 / quoteRank : 0;
            ph1 += passageRank == 1 ? 1 : 0;
            ph3 += passageRank is >= 1 and <= 3 ? 1 : 0;
            pmrr += passageRank > 0 ? 1.0 / passageRank : 0;
            if (misses is not null && quoteRank != 1)
            {
                var kind = ranked.Count == 0 ? "refused" : passageRank == 1 ? "right passage, quote lacks the phrase" : "wrong passage";
                misses.Add(new EvalMiss(q.Question, kind, ranked.Count > 0 ? ranked[0].PassageId : null, ranked.Count > 0 ? ranked[0].Quote : null, q.Expect));
            }
        }
        double n = Math.Max(1, answerable);
        return new EvalRow(system, answerable, qh1 / n, qh3 / n, qmrr / n, ph1 / n, ph3 / n, pmrr / n,
            citeQuestions, citeQuestions == 0 ? 0 : citeRight / (double)citeQuestions, offTopic, offRefused, answerRefused,
            [.. kinds.Select(k => new KindRefusals(k.Key, k.Value.Questions, k.Value.Refused))]);
    }
}
