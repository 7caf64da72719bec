using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Embeddings;

/// <summary>The model setting turned into an embedder (the packaged models are loaded in <see cref="SentenceTransformerEmbedderTests"/>).</summary>
public sealed class TextEmbedderFactoryTests
{
    [Fact]
    public void Hashing_needs_no_model_and_names_its_version_and_size()
    {
        using var embedder = TextEmbedderFactory.Create(EmbeddingModel.Hashing);

        Assert.IsType<HashingEmbedder>(embedder);
        Assert.Equal("hashing-v1@384", embedder.ModelId);
    }

    [Fact]
    public void An_unknown_model_is_refused_naming_the_choices()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TextEmbedderFactory.Create((EmbeddingModel)42));

        Assert.StartsWith("Unknown embedding model '42'; choose MiniLM, ArcticXs, Hashing.", error.Message);
    }

    [Fact]
    public void A_negative_thread_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextEmbedderFactory.Create(EmbeddingModel.Hashing, intraOpThreads: -1));
    }
}
