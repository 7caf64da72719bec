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
    int AnswerableRefused);

/// <summary>A question SourceBot got wrong, with what it said instead.</summary>
public sealed record EvalMiss(string Question, string Kind, string? PassageId, string? Quote, IReadOnlyList<string>? Expected);

public sealed record EvalReport(IReadOnlyList<EvalRow> Rows, IReadOnlyList<EvalMiss> Misses, string KnowledgeHash, string ModelHash, int Questions);

/// <summary>
/// Runs a question set through BM25, the plain classifier and SourceBot in the same run. Every system's top passages are
/// quoted by the same quote selector, so the rows compare ranking, and each is judged on its quote as the dev set asks.
/// </summary>
public static class Evaluator
{
    private const int Depth = 10;

    public static EvalReport Run(AnswerEngine engine, IReadOnlyList<EvalQuestion> questions, int seed)
    {
        var snapshot = engine.Snapshot;
        var corpus = snapshot.Corpus;
        using var bm25 = new Bm25Baseline(corpus);
        var classifier = new ClassifierBaseline(corpus, seed);
        var sourceBot = new SourceBotRanker(engine, snapshot);

        var rows = new List<EvalRow>();
        var misses = new List<EvalMiss>();
        foreach (IEvaluatedRanker system in new IEvaluatedRanker[] { bm25, classifier, sourceBot })
        {
            rows.Add(Score(system, questions, corpus, engine, system == sourceBot ? misses : null));
        }
        return new EvalReport(rows, misses, snapshot.Knowledge.Hash[..16], snapshot.ModelHash, questions.Count);
    }

    private static EvalRow Score(IEvaluatedRanker system, IReadOnlyList<EvalQuestion> questions, Corpus corpus, AnswerEngine engine, List<EvalMiss>? misses)
    {
        int answerable = 0, offTopic = 0, offRefused = 0, answerRefused = 0, citeQuestions = 0, citeRight = 0;
        double qh1 = 0, qh3 = 0, qmrr = 0, ph1 = 0, ph3 = 0, pmrr = 0;
        foreach (var q in questions)
        {
            var ranked = system.Rank(q.Question, Depth);
            if (q.OutOfScope)
            {
                offTopic++;
                if (ranked.Count == 0) offRefused++;
                else misses?.Add(new EvalMiss(q.Question, "off-topic answered", corpus.Passages[ranked[0]].Passage.Id, null, null));
                continue;
            }
            answerable++;
            if (ranked.Count == 0) answerRefused++;
            var query = new Query(QuestionText.Clean(q.Question), corpus);
            int quoteRank = 0, passageRank = 0;
            string? firstQuote = null;
            for (int r = 0; r < ranked.Count; r++)
            {
                var p = corpus.Passages[ranked[r]];
                var selected = QuoteSelector.Select(query, p, corpus, engine.Options.MaxQuoteWords);
                var quote = selected.Text;
                if (r == 0)
                {
                    firstQuote = quote;
                    if (q.Cite is { Count: > 0 })
                    {
                        var source = corpus.Knowledge.SourceOf(p.Passage);
                        var notes = QuoteSelector.FootnotesFor(p, selected).Select(n => source.FindFootnote(n)?.Text ?? "");
                        if (notes.Any(n => QuestionSet.ContainsAny(n, q.Cite))) citeRight++;
                    }
                }
                if (quoteRank == 0 && QuestionSet.ContainsAny(quote, q.Expect)) quoteRank = r + 1;
                if (passageRank == 0 && QuestionSet.ContainsAny(p.Passage.Text, q.Expect)) passageRank = r + 1;
            }
            if (q.Cite is { Count: > 0 }) citeQuestions++;
            qh1 += quoteRank == 1 ? 1 : 0;
            qh3 += quoteRank is >= 1 and <= 3 ? 1 : 0;
            qmrr += quoteRank > 0 ? 1.0 / quoteRank : 0;
            ph1 += passageRank == 1 ? 1 : 0;
            ph3 += passageRank is >= 1 and <= 3 ? 1 : 0;
            pmrr += passageRank > 0 ? 1.0 / passageRank : 0;
            if (misses is not null && quoteRank != 1)
            {
                var kind = ranked.Count == 0 ? "refused" : passageRank == 1 ? "right passage, quote lacks the phrase" : "wrong passage";
                misses.Add(new EvalMiss(q.Question, kind, ranked.Count > 0 ? corpus.Passages[ranked[0]].Passage.Id : null, firstQuote, q.Expect));
            }
        }
        double n = Math.Max(1, answerable);
        return new EvalRow(system.Name, answerable, qh1 / n, qh3 / n, qmrr / n, ph1 / n, ph3 / n, pmrr / n,
            citeQuestions, citeQuestions == 0 ? 0 : citeRight / (double)citeQuestions, offTopic, offRefused, answerRefused);
    }

    /// <summary>SourceBot as the evaluation sees it: its ranking, or nothing when the engine declines to answer.</summary>
    private sealed class SourceBotRanker(AnswerEngine engine, EngineSnapshot snapshot) : IEvaluatedRanker
    {
        public string Name => "SourceBot (BM25 candidates + ML.NET FastTree ranker)";

        public IReadOnlyList<int> Rank(string question, int top)
        {
            var answer = engine.Ask(question);
            if (!answer.Answered) return [];
            var query = new Query(answer.Question, snapshot.Corpus);
            return [.. snapshot.Ranker.Rank(query).Passages.Take(top).Select(r => r.Passage)];
        }
    }
}
