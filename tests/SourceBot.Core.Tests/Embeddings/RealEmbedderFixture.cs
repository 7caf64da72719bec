using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Embeddings;

/// <summary>The packaged models, each loaded (about 90 MB, a few seconds) once for all the tests that use it.</summary>
public sealed class RealEmbedderFixture : IDisposable
{
    private readonly Dictionary<EmbeddingModel, Lazy<ITextEmbedder>> _embedders = new()
    {
        [EmbeddingModel.MiniLM] = new(() => TextEmbedderFactory.Create(EmbeddingModel.MiniLM)),
        [EmbeddingModel.ArcticXs] = new(() => TextEmbedderFactory.Create(EmbeddingModel.ArcticXs)),
    };

    public ITextEmbedder For(EmbeddingModel model) => _embedders[model].Value;

    public void Dispose()
    {
        foreach (var embedder in _embedders.Values.Where(e => e.IsValueCreated)) embedder.Value.Dispose();
    }
}
