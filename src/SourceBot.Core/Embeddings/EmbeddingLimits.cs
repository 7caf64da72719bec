namespace SourceBot.Core.Embeddings;

/// <summary>How much one call to an embedding model may be given.</summary>
internal static class EmbeddingLimits
{
    /// <summary>
    /// Texts per model run. One ONNX run holds activations for every text at once, padded to the longest (attention grows with
    /// batch × tokens²): a few hundred long paragraphs in one call used all 24 GB of a machine and were killed. Sixteen keeps a
    /// run small while still amortising the per-run overhead.
    /// </summary>
    public const int MaxBatchTexts = 16;

    /// <summary>
    /// Characters of one model input. The models read at most 512 word pieces (a few thousand characters of prose) and drop the
    /// rest, but their tokenizer splits the whole string first; cutting here keeps a huge input from costing memory for nothing.
    /// </summary>
    public const int MaxInputChars = 8192;

    /// <summary><paramref name="text"/> cut to <see cref="MaxInputChars"/>, never between the two halves of a surrogate pair.</summary>
    public static string Cap(string text)
    {
        if (text.Length <= MaxInputChars) return text;
        var length = char.IsHighSurrogate(text[MaxInputChars - 1]) ? MaxInputChars - 1 : MaxInputChars;
        return text[..length];
    }
}
