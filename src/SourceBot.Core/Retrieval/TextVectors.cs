using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace SourceBot.Core.Retrieval;

/// <summary>A sparse, L2-normalised vector: indices ascending.</summary>
public readonly record struct SparseVector(int[] Indices, float[] Values)
{
    public static SparseVector Empty { get; } = new([], []);

    public double Dot(SparseVector other)
    {
        double sum = 0;
        int i = 0, j = 0;
        while (i < Indices.Length && j < other.Indices.Length)
        {
            int a = Indices[i], b = other.Indices[j];
            if (a == b) { sum += Values[i] * other.Values[j]; i++; j++; }
            else if (a < b) i++;
            else j++;
        }
        return sum;
    }
}

/// <summary>
/// ML.NET FeaturizeText vectors of the passages (body and cited footnotes): TF-IDF weighted words and character trigrams,
/// L2-normalised, so their dot product is a cosine that still matches "crossers" with "crossing" and "repatriate" with
/// "repatriation" where whole words differ. Vectorising a question is thread-safe.
/// </summary>
public sealed class TextVectors
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SparseVector[] _passages;
    private readonly ConcurrentBag<PredictionEngine<TextInput, TextVector>> _engines = [];

    public TextVectors(IReadOnlyList<string> texts, int seed)
    {
        _ml = new MLContext(seed);
        var data = _ml.Data.LoadFromEnumerable(texts.Select(t => new TextInput { Text = t }));
        var options = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        _model = _ml.Transforms.Text.FeaturizeText(nameof(TextVector.Features), options, nameof(TextInput.Text)).Fit(data);
        var transformed = _model.Transform(data);
        _passages = new SparseVector[texts.Count];
        using var cursor = transformed.GetRowCursor([transformed.Schema[nameof(TextVector.Features)]]);
        var getter = cursor.GetGetter<VBuffer<float>>(transformed.Schema[nameof(TextVector.Features)]);
        VBuffer<float> buffer = default;
        int row = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            _passages[row++] = ToSparse(buffer);
        }
    }

    public SparseVector Vectorize(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SparseVector.Empty;
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<TextInput, TextVector>(_model);
        try
        {
            return ToSparse(engine.Predict(new TextInput { Text = text }).Features);
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    public double Cosine(SparseVector query, int passage) => query.Dot(_passages[passage]);

    /// <summary>The bytes of the passages' sparse vectors (an index and a value per non-zero).</summary>
    internal long VectorBytes => _passages.Sum(v => (long)v.Indices.Length * sizeof(int) + (long)v.Values.Length * sizeof(float));

    private static SparseVector ToSparse(VBuffer<float> buffer)
    {
        var indices = new List<int>();
        var values = new List<float>();
        foreach (var (i, v) in buffer.Items())
        {
            if (v != 0) { indices.Add(i); values.Add(v); }
        }
        return new SparseVector([.. indices], [.. values]);
    }

    private sealed class TextInput
    {
        public string Text { get; set; } = "";
    }

    private sealed class TextVector
    {
        public VBuffer<float> Features { get; set; }
    }
}
