using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Embeddings;

/// <summary>
/// A <see cref="HashingEmbedder"/> that records every batch it is given, optionally puts a prefix on queries (as ArcticXs does),
/// moves a fake clock on per batch, and can fail at a chosen batch.
/// </summary>
internal sealed class CountingEmbedder(string modelId = "counting", string queryPrefix = "") : ITextEmbedder
{
    private readonly HashingEmbedder _inner = new();
    private readonly List<string[]> _batches = [];

    /// <summary>Moved on by <see cref="TimePerBatch"/> in each <see cref="Embed"/> call, when set.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; init; }

    public TimeSpan TimePerBatch { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The 1-based batch that throws instead of embedding; 0 for none.</summary>
    public int FailAtBatch { get; set; }

    /// <summary>A vector length to return instead of the true one, to play a broken model.</summary>
    public int? WrongDimensions { get; init; }

    public IReadOnlyList<string[]> Batches
    {
        get { lock (_batches) return [.. _batches]; }
    }

    public IEnumerable<string> Embedded => Batches.SelectMany(b => b);

    public string ModelId => modelId;

    public int Dimensions => _inner.Dimensions;

    public string ModelInput(string text, EmbeddingRole role) =>
        _inner.ModelInput(role == EmbeddingRole.Query ? queryPrefix + text : text, EmbeddingRole.Passage);

    public float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default)
    {
        int number;
        lock (_batches)
        {
            _batches.Add([.. texts]);
            number = _batches.Count;
        }
        if (number == FailAtBatch) throw new InvalidOperationException($"Batch {number} failed on purpose.");
        Clock?.Advance(TimePerBatch);
        var vectors = _inner.Embed(texts.Select(t => ModelInput(t, role)).ToArray(), EmbeddingRole.Passage, cancellationToken);
        return WrongDimensions is int wrong ? vectors.Select(v => v[..wrong]).ToArray() : vectors;
    }

    public void Dispose() => _inner.Dispose();
}
