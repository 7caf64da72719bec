namespace SourceBot.Core.Benchmarks;

/// <summary>What the many-libraries benchmark runs: how many libraries of how many passages, within which engine budget, under how many questions.</summary>
/// <param name="Libraries">Synthetic libraries, each with knowledge of its own (at least 2: the cold load needs one to evict another).</param>
/// <param name="PassagesPerLibrary">Passages in each library (at least 20, as every synthetic corpus).</param>
/// <param name="BudgetBytes">The engine cache's <see cref="Engine.EngineCacheOptions.MemoryBudgetBytes"/> during the traffic.</param>
/// <param name="Questions">Questions of the traffic phase, spread over the libraries by a Zipf-like popularity.</param>
/// <param name="Seed">Seeds which library each question goes to and which question it is.</param>
/// <param name="BuildThreads">Libraries built at once in the build phase (1: one after another, so a build's time is its own;
/// more shortens a large run, and each build's time then includes sharing the processor).</param>
public sealed record ManyLibrariesSettings(int Libraries, int PassagesPerLibrary, long BudgetBytes, int Questions, int Seed = 11, int BuildThreads = 1)
{
    /// <summary>The first thing wrong with these settings, in words for the person who gave them; null when they can run.</summary>
    public string? Problem() =>
        Libraries < 2 ? $"The many-libraries run needs at least 2 libraries (got {Libraries})."
        : PassagesPerLibrary < 20 ? $"Synthetic libraries need at least 20 passages each (got {PassagesPerLibrary})."
        : BudgetBytes < 1 ? $"The engine budget must be at least 1 byte (got {BudgetBytes})."
        : Questions < 10 ? $"The many-libraries traffic needs at least 10 questions (got {Questions})."
        : BuildThreads is < 1 or > 64 ? $"Libraries are built 1 to 64 at a time (got {BuildThreads})."
        : null;
}
