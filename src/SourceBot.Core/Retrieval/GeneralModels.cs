namespace SourceBot.Core.Retrieval;

/// <summary>
/// The models that learn from the real questions alone (<see cref="Training.TrainingRows.Declines"/> and
/// <see cref="Training.TrainingRows.Sentences"/>), never from the loaded sources: answer-or-decline, its learned threshold and
/// the choice of the sentence to quote. They are the same for every library, so they are trained once per set of rows and
/// seed (<see cref="Ranker.TrainGeneral"/>) and shared by every ranker trained after.
/// </summary>
/// <param name="RowsHash">The hash of the training rows they learned from.</param>
/// <param name="Seed">The training seed.</param>
/// <param name="Answerability">The decline model; null when there are no real questions' decline rows (each ranker then learns its own).</param>
/// <param name="AnswerThreshold">The threshold learned with <paramref name="Answerability"/>.</param>
/// <param name="Sentences">The sentence model; null without sentence rows of both labels.</param>
internal sealed record GeneralModels(string RowsHash, int Seed, BinaryTreeModel<DeclineRow>? Answerability, double AnswerThreshold, BinaryTreeModel<SentenceRow>? Sentences)
{
    /// <summary>True when they were made for these rows and this seed.</summary>
    public bool IsFor(Training.TrainingRows rows, int seed) => RowsHash == rows.Hash && Seed == seed;
}
