using SourceBot.Core.Retrieval;

namespace SourceBot.Core.Training;

/// <summary>Feature rows made once from the real questions, for every ranker trained after: pairs for the ranker, questions for the decline model.</summary>
public sealed record TrainingRows(IReadOnlyList<PairRow> Pairs, IReadOnlyList<DeclineRow> Declines, string Hash)
{
    /// <summary>No real questions: the ranker learns from the loaded sources alone.</summary>
    public static TrainingRows None { get; } = new([], [], "none");
}
