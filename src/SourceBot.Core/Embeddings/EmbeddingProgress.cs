namespace SourceBot.Core.Embeddings;

/// <summary>How far a build has got in embedding the texts it had no vector for.</summary>
/// <param name="Done">Texts embedded so far.</param>
/// <param name="Total">Texts to embed in this build (those already cached are not counted).</param>
/// <param name="EstimatedRemaining">
/// Time left at the rate so far; null until the first batch is done, zero when <paramref name="Done"/> reaches <paramref name="Total"/>.
/// </param>
public sealed record EmbeddingProgress(int Done, int Total, TimeSpan? EstimatedRemaining);
