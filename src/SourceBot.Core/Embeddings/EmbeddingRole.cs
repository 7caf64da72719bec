namespace SourceBot.Core.Embeddings;

/// <summary>What a text is to the embedding model: some models (ArcticXs) are trained with a prefix on questions only.</summary>
public enum EmbeddingRole
{
    /// <summary>A question or search text.</summary>
    Query,

    /// <summary>A passage (or sentence of one) that may answer a question.</summary>
    Passage,
}
