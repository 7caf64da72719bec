using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace SourceBot.Core.Embeddings;

/// <summary>
/// <see cref="ITextEmbedder"/> over an encoder from the <c>SentenceTransformers</c> packages (MiniLM, ArcticXs). The encoder
/// returns unit vectors already. It needs no lock: its tokenizer only reads its vocabulary and ONNX Runtime's
/// <c>InferenceSession.Run</c> is safe to call from several threads at once.
/// </summary>
internal sealed class SentenceTransformerEmbedder : ITextEmbedder
{
    private readonly ISentenceEncoder _encoder;
    private readonly string _queryPrefix;

    /// <param name="encoder">The package's encoder; disposed with this embedder.</param>
    /// <param name="modelId">See <see cref="ITextEmbedder.ModelId"/>.</param>
    /// <param name="dimensions">The length of the encoder's vectors.</param>
    /// <param name="queryPrefix">Put before every <see cref="EmbeddingRole.Query"/> text; empty when the model wants none.</param>
    public SentenceTransformerEmbedder(ISentenceEncoder encoder, string modelId, int dimensions, string queryPrefix)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentNullException.ThrowIfNull(queryPrefix);
        _encoder = encoder;
        ModelId = modelId;
        Dimensions = dimensions;
        _queryPrefix = queryPrefix;
    }

    public string ModelId { get; }

    public int Dimensions { get; }

    public string ModelInput(string text, EmbeddingRole role)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EmbeddingLimits.Cap(role == EmbeddingRole.Query ? _queryPrefix + text : text);
    }

    public float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var inputs = new string[texts.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null; every text to embed must be a string.", nameof(texts));
            inputs[i] = ModelInput(text, role);
        }

        var vectors = new float[inputs.Length][];
        for (var start = 0; start < inputs.Length; start += EmbeddingLimits.MaxBatchTexts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = inputs[start..Math.Min(inputs.Length, start + EmbeddingLimits.MaxBatchTexts)];
            var encoded = Encode(batch, cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                if (encoded[i].Length != Dimensions)
                {
                    throw new InvalidOperationException($"Model {ModelId} returned a vector of {encoded[i].Length} floats; {Dimensions} were expected.");
                }
                vectors[start + i] = encoded[i];
            }
        }
        return vectors;
    }

    private float[][] Encode(string[] batch, CancellationToken cancellationToken)
    {
        try
        {
            return _encoder.Encode(batch, cancellationToken);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            // The encoder stops a running model by terminating it, which ONNX Runtime reports as its own error.
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => (_encoder as IDisposable)?.Dispose();
}
