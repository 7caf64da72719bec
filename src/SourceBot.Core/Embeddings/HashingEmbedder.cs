using System.Numerics.Tensors;

namespace SourceBot.Core.Embeddings;

/// <summary>
/// A model-free <see cref="ITextEmbedder"/>: each lower-cased word and each character trigram of a word (with its boundaries) is
/// hashed with 64-bit FNV-1a to a dimension and a sign, and the sum is scaled to unit length. Texts that share words or word parts
/// get a higher cosine. The hash is fixed, not <see cref="string.GetHashCode()"/>, so vectors are the same in every process;
/// changing the features means changing <see cref="ModelId"/>.
/// </summary>
internal sealed class HashingEmbedder : ITextEmbedder
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    // Tags keep a word and a trigram with the same letters ("the") apart.
    private const char WordTag = 'w';
    private const char TrigramTag = 't';
    private const char EmptyTag = 'e';

    // A word says more about a text than any one of its trigrams.
    private const float WordWeight = 1f;
    private const float TrigramWeight = 0.5f;

    public HashingEmbedder(int dimensions = 384)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
        ModelId = $"hashing-v1@{dimensions}";
    }

    public string ModelId { get; }

    public int Dimensions { get; }

    /// <summary>The text, cut to the input limit: this model takes no prefix.</summary>
    public string ModelInput(string text, EmbeddingRole role)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EmbeddingLimits.Cap(text);
    }

    public float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        for (var i = 0; i < vectors.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null; every text to embed must be a string.", nameof(texts));
            vectors[i] = Vector(ModelInput(text, role));
        }
        return vectors;
    }

    private float[] Vector(string text)
    {
        var vector = new float[Dimensions];
        Span<char> bounded = stackalloc char[66];
        var lower = text.ToLowerInvariant();
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var inWord = i < lower.Length && char.IsLetterOrDigit(lower[i]);
            if (inWord && start < 0) start = i;
            if (inWord || start < 0) continue;

            var word = lower.AsSpan(start, i - start);
            start = -1;
            Add(vector, Hash(WordTag, word), WordWeight);
            // Trigrams of "<word>": the boundaries let "bee" and "beekeeper" share "<be" but not "ee>". A word longer than the
            // buffer gives trigrams of its start only; a word that long is rarely shared anyway.
            var length = Math.Min(word.Length, bounded.Length - 2);
            bounded[0] = '<';
            word[..length].CopyTo(bounded[1..]);
            bounded[length + 1] = '>';
            for (var t = 0; t + 3 <= length + 2; t++) Add(vector, Hash(TrigramTag, bounded.Slice(t, 3)), TrigramWeight);
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm == 0f)
        {
            // No word at all (empty or only punctuation): one fixed feature, so every vector still has unit length.
            Add(vector, Hash(EmptyTag, ReadOnlySpan<char>.Empty), 1f);
            norm = 1f;
        }
        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    /// <summary>Holds nothing to release.</summary>
    public void Dispose()
    {
    }

    private void Add(float[] vector, ulong hash, float weight)
    {
        var dimension = (int)(hash % (ulong)Dimensions);
        // The sign comes from bits the dimension barely uses, so colliding features cancel as often as they add up.
        vector[dimension] += (hash >> 63) == 0 ? weight : -weight;
    }

    private static ulong Hash(char tag, ReadOnlySpan<char> chars)
    {
        var hash = (FnvOffsetBasis ^ tag) * FnvPrime;
        foreach (var c in chars)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }
        return hash;
    }
}
