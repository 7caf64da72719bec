using Lucene.Net.Analysis.En;
using Microsoft.ML;
using Microsoft.ML.Data;
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
/// The plain ML.NET baseline: one class per passage, FeaturizeText + SdcaMaximumEntropy, trained on each passage and its
/// sentences. Shown to measure what the learned ranker adds; it cannot scale to large corpora or tell off-topic questions.
/// </summary>
public sealed class ClassifierBaseline : IEvaluatedRanker
{
    private readonly PredictionEngine<TextRow, ClassScores> _engine;
    private readonly int[] _classToPassage;
    private readonly Lock _lock = new();

    public ClassifierBaseline(Corpus corpus, int seed)
    {
        var ml = new MLContext(seed);
        var rows = new List<TextRow>();
        foreach (var p in corpus.Passages)
        {
            var label = p.Index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(new TextRow { Text = p.PlainText, Label = label });
            foreach (var s in p.Sentences) rows.Add(new TextRow { Text = FootnoteMarkers.Strip(s.Text), Label = label });
        }
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", nameof(TextRow.Label))
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(TextRow.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Key", "Features"));
        var model = pipeline.Fit(data);
        _engine = ml.Model.CreatePredictionEngine<TextRow, ClassScores>(model);
        // Score slot i belongs to the i-th key value, whose text is the passage label.
        VBuffer<ReadOnlyMemory<char>> keys = default;
        model.GetOutputSchema(data.Schema)["Score"].GetSlotNames(ref keys);
        _classToPassage = [.. keys.DenseValues().Select(k => int.Parse(k.Span, provider: System.Globalization.CultureInfo.InvariantCulture))];
    }

    public string Name => "ML.NET classifier (FeaturizeText + SDCA)";

    public IReadOnlyList<int> Rank(string question, int top)
    {
        float[] scores;
        lock (_lock) scores = _engine.Predict(new TextRow { Text = question }).Score;
        return [.. scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).ThenBy(x => x.i).Take(top).Select(x => _classToPassage[x.i])];
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
        public string Label { get; set; } = "";
    }

    private sealed class ClassScores
    {
        public float[] Score { get; set; } = [];
    }
}
