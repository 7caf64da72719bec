using SourceBot.Core.Retrieval;

namespace SourceBot.Core.Training;

/// <summary>
/// Feature rows made once from the real questions, for every ranker trained after: pairs for the ranker, questions for the
/// decline model, and the sentences of answering passages for the sentence-to-quote model.
/// </summary>
public sealed record TrainingRows(IReadOnlyList<PairRow> Pairs, IReadOnlyList<DeclineRow> Declines, IReadOnlyList<SentenceRow> Sentences, string Hash)
{
    /// <summary>No real questions: the ranker learns from the loaded sources alone.</summary>
    public static TrainingRows None { get; } = new([], [], [], "none");

    /// <summary>
    /// How many of the first <see cref="Declines"/> come from the questions as people asked them (the rest are their keyword
    /// forms and junk): the answer threshold is set on those.
    /// </summary>
    public int AskedDeclines { get; init; }
}
