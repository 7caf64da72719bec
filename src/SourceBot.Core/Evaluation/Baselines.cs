using Lucene.Net.Analysis.En;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Text;

namespace SourceBot.Core.Evaluation;

/// <summary>A baseline under evaluation: ranks passages (by index in the corpus) for a question, and may decline. SourceBot itself is judged on its answers.</summary>
public interface IEvaluatedRanker
{
    string Name { get; }

    /// <summary>Ranked passage indexes, best first; empty when the system gives no answer.</summary>
    IReadOnlyList<int> Rank(string question, int top);
}

/// <summary>The lexical baseline: Lucene BM25 (k1 1.2, b 0.75) with the stock EnglishAnalyzer over the passages' text.</summary>
public sealed class Bm25Baseline : IEvaluatedRanker, IDisposable
{
    private readonly EnglishAnalyzer _analyzer = new(TextAnalysis.Version);
    private readonly LexicalIndex _index;

    public Bm25Baseline(Corpus corpus)
    {
        _index = new LexicalIndex([.. corpus.Passages.Select(p => p.PlainText)], _analyzer);
    }

    public string Name => "BM25 (Lucene EnglishAnalyzer)";

    public IReadOnlyList<int> Rank(string question, int top) => [.. _index.Search(question, top).Select(h => h.Document)];

    public void Dispose()
    {
        _index.Dispose();
        _analyzer.Dispose();
    }
}

/// <summary>
/// The embedder alone: passages ranked by the better of their own and their best sentence's embedding similarity to the
/// question, as SourceBot's candidates by meaning are, with no ranker and no refusal.
/// </summary>
public sealed class EmbedderBaseline(EngineSnapshot snapshot) : IEvaluatedRanker
{
    public string Name => $"embedder alone ({snapshot.Embedder?.ModelId ?? "none"})";

    public IReadOnlyList<int> Rank(string question, int top)
    {
        if (snapshot.Ranker.Dense is not { } dense || snapshot.EmbedQuestion(QuestionText.Clean(question)) is not { } q) return [];
        return [.. dense.Search(q, top).Select(h => h.Passage)];
    }
}
