using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace SourceBot.Core.Retrieval;

/// <summary>A training or scoring row: a feature vector and, for training, its label.</summary>
public interface IFeatureRow
{
    bool Label { get; set; }
    float[] Features { get; set; }

    /// <summary>How much the row counts in training (1 for most).</summary>
    float Weight { get; set; }
}

/// <summary>One (question, passage) pair for the ranker.</summary>
public sealed class PairRow : IFeatureRow
{
    public bool Label { get; set; }
    public float Weight { get; set; } = 1;

    [VectorType(PairFeatures.Count)]
    public float[] Features { get; set; } = [];
}

/// <summary>One question with its candidates, for the answer-or-decline model.</summary>
public sealed class DeclineRow : IFeatureRow
{
    public bool Label { get; set; }
    public float Weight { get; set; } = 1;

    [VectorType(DeclineFeatures.Count)]
    public float[] Features { get; set; } = [];
}

/// <summary>One sentence of a passage for the sentence-to-quote model.</summary>
public sealed class SentenceRow : IFeatureRow
{
    public bool Label { get; set; }
    public float Weight { get; set; } = 1;

    [VectorType(SentenceFeatures.Count)]
    public float[] Features { get; set; } = [];
}

public sealed class BinaryPrediction
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}

/// <summary>
/// An ML.NET FastTree binary classifier with calibrated probabilities, seeded and single-threaded so training is
/// reproducible. Scoring is thread-safe: prediction engines are pooled, one per concurrent caller.
/// </summary>
public sealed class BinaryTreeModel<TRow> where TRow : class, IFeatureRow, new()
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<TRow, BinaryPrediction>> _engines = [];

    private BinaryTreeModel(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
        EstimatedBytes = EstimateBytes(model);
    }

    /// <summary>
    /// An estimate of the trees' memory: per split node its feature, threshold, gain, children and flag, per leaf its value.
    /// Zero when the model holds no FastTree ensemble.
    /// </summary>
    internal long EstimatedBytes { get; }

    private const int BytesPerNode = 3 * sizeof(int) + sizeof(float) + sizeof(double) + sizeof(bool);

    private static long EstimateBytes(ITransformer model) =>
        TreesOf(model)?.Sum(t => (long)t.NumberOfNodes * BytesPerNode + (long)t.NumberOfLeaves * sizeof(double)) ?? 0;

    private static IReadOnlyList<RegressionTreeBase>? TreesOf(ITransformer model) => model switch
    {
        TransformerChain<ITransformer> chain => chain.Select(TreesOf).LastOrDefault(t => t is not null),
        IPredictionTransformer<object> prediction => prediction.Model switch
        {
            CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> calibrated => calibrated.SubModel.TrainedTreeEnsemble.Trees,
            CalibratedModelParametersBase<FastTreeBinaryModelParameters, ICalibrator> calibrated => calibrated.SubModel.TrainedTreeEnsemble.Trees,
            FastTreeBinaryModelParameters trees => trees.TrainedTreeEnsemble.Trees,
            _ => null,
        },
        _ => null,
    };

    public static BinaryTreeModel<TRow> Train(IReadOnlyList<TRow> rows, int seed, int trees, int minimumLeafCount)
    {
        if (rows.Count == 0 || !rows.Any(r => r.Label) || rows.All(r => r.Label))
            throw new Knowledge.KnowledgeFormatException("The knowledge has too little text to learn from: add sources or longer passages (training needs questions that some passages answer and others do not).");
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = trees,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = minimumLeafCount,
            // A small learning rate over many trees, each seeing 80% of the features and a fresh 70% sample of the rows:
            // the usual regularisation of boosted trees, which keeps the model from memorising the synthetic questions.
            LearningRate = 0.05,
            NumberOfThreads = 1,
            FeatureFraction = 0.8,
            BaggingSize = 1,
            BaggingExampleFraction = 0.7,
            Seed = seed,
            ExampleWeightColumnName = nameof(IFeatureRow.Weight),
        });
        return new BinaryTreeModel<TRow>(ml, trainer.Fit(data));
    }

    public static BinaryTreeModel<TRow> Load(string path, int seed)
    {
        var ml = new MLContext(seed);
        return new BinaryTreeModel<TRow>(ml, ml.Model.Load(path, out _));
    }

    public void Save(string path)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<TRow>()).Schema;
        _ml.Model.Save(_model, schema, path);
    }

    /// <summary>The probability of the positive label for each feature vector.</summary>
    public float[] Score(IReadOnlyList<float[]> rows)
    {
        var result = new float[rows.Count];
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<TRow, BinaryPrediction>(_model);
        try
        {
            var row = new TRow();
            for (int i = 0; i < rows.Count; i++)
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
