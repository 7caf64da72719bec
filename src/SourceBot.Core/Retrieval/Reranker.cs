using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace SourceBot.Core.Retrieval;

/// <summary>One (question, passage) pair: the features and, for training, whether the passage answers the question.</summary>
public sealed class PairRow
{
    public bool Label { get; set; }

    [VectorType(PairFeatures.Count)]
    public float[] Features { get; set; } = [];
}

public sealed class PairPrediction
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}

/// <summary>
/// The learned ranker: an ML.NET FastTree binary classifier over <see cref="PairFeatures"/> that estimates the probability
/// that a passage answers a question. Its calibrated probability is both the ranking score and the abstention signal.
/// Scoring is thread-safe: prediction engines are pooled, one per concurrent caller.
/// </summary>
public sealed class Reranker
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<PairRow, PairPrediction>> _engines = [];

    private Reranker(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
    }

    public static Reranker Train(IReadOnlyList<PairRow> rows, int seed)
    {
        if (rows.Count == 0 || !rows.Any(r => r.Label) || rows.All(r => r.Label))
            throw new InvalidOperationException("The ranker needs both answering and non-answering pairs to learn from; the knowledge has too little text.");
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = 150,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            // One thread keeps training bit-for-bit reproducible.
            NumberOfThreads = 1,
            FeatureFraction = 1.0,
            Seed = seed,
        });
        var model = trainer.Fit(data);
        return new Reranker(ml, model);
    }

    public static Reranker Load(string path, int seed)
    {
        var ml = new MLContext(seed);
        var model = ml.Model.Load(path, out _);
        return new Reranker(ml, model);
    }

    public void Save(string path)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<PairRow>()).Schema;
        _ml.Model.Save(_model, schema, path);
    }

    /// <summary>Probability that each row's passage answers the question.</summary>
    public float[] Score(float[][] rows)
    {
        var result = new float[rows.Length];
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<PairRow, PairPrediction>(_model);
        try
        {
            var row = new PairRow();
            for (int i = 0; i < rows.Length; i++)
            {
                row.Features = rows[i];
                result[i] = engine.Predict(row).Probability;
            }
        }
        finally
        {
            _engines.Add(engine);
        }
        return result;
    }
}
