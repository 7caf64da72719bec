using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Engine;

/// <summary>
/// The hashing embedder with a gate on questions: once <see cref="Hold"/> is called, a question being answered stops at its
/// embedding, sets <see cref="QuestionArrived"/>, and goes on only after <see cref="LetGo"/>. Passage embeddings never wait.
/// </summary>
internal sealed class GatedEmbedder : ITextEmbedder
{
    private readonly HashingEmbedder _inner = new();
    private readonly ManualResetEventSlim _open = new(true);

    public ManualResetEventSlim QuestionArrived { get; } = new(false);

    public string ModelId => _inner.ModelId;

    public int Dimensions => _inner.Dimensions;

    public void Hold()
    {
        QuestionArrived.Reset();
        _open.Reset();
    }

    public void LetGo() => _open.Set();

    public string ModelInput(string text, EmbeddingRole role) => _inner.ModelInput(text, role);

    public float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default)
    {
        if (role == EmbeddingRole.Query && !_open.IsSet)
        {
            QuestionArrived.Set();
            _open.Wait(cancellationToken);
        }
        return _inner.Embed(texts, role, cancellationToken);
    }

    public void Dispose()
    {
        _inner.Dispose();
        _open.Dispose();
        QuestionArrived.Dispose();
    }
}
