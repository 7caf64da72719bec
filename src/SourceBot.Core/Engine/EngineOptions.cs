using System.ComponentModel.DataAnnotations;

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

    /// <summary>Seed of every random choice in training, so the same knowledge gives the same answers.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>How many lexical candidates the learned ranker reorders.</summary>
    [Range(3, 200)]
    public int CandidateCount { get; set; } = 20;

    /// <summary>Upper bound on synthetic training questions, which bounds build time on large corpora.</summary>
    [Range(100, 100_000)]
    public int MaxTrainingQuestions { get; set; } = 6000;

    /// <summary>The ranker's probability below which SourceBot says the sources don't cover the question.</summary>
    [Range(0.0, 1.0)]
    public double AnswerThreshold { get; set; } = 0.5;

    /// <summary>The quote's word budget; a single sentence longer than this is still quoted whole.</summary>
    [Range(10, 400)]
    public int MaxQuoteWords { get; set; } = 90;

    /// <summary>How many runner-up passages an answer carries ("Other matches").</summary>
    [Range(0, 10)]
    public int Alternatives { get; set; } = 3;

    /// <summary>A copy of every setting, to change one or two for a single use.</summary>
    public EngineOptions Copy() => (EngineOptions)MemberwiseClone();
}
