using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Embeddings;

/// <summary>The model-free embedder used by tests and by hosts that choose <see cref="EmbeddingModel.Hashing"/>.</summary>
public sealed class HashingEmbedderTests
{
    private readonly HashingEmbedder _embedder = new();

    private float[] Vector(string text) => _embedder.Embed([text], EmbeddingRole.Passage)[0];

    [Fact]
    public void Two_instances_give_the_same_vector_for_the_same_text()
    {
        using var other = new HashingEmbedder();

        Assert.Equal(Vector("Worker bees carry nectar to the hive."), other.Embed(["Worker bees carry nectar to the hive."], EmbeddingRole.Passage)[0]);
    }

    [Fact]
    public void A_word_lands_on_the_same_dimensions_in_every_process()
    {
        // "bee" is four features: the word and the trigrams "<be", "bee", "ee>". Pinned so that a hash that changes between
        // processes (string.GetHashCode) or between versions fails here; changing the features means a new ModelId. The values
        // were checked against an independent FNV-1a.
        var vector = Vector("Bee");

        var used = Enumerable.Range(0, vector.Length).Where(d => vector[d] != 0).Select(d => (d, Math.Sign(vector[d]))).ToArray();

        Assert.Equal([(120, -1), (189, -1), (284, -1), (369, 1)], used);
    }

    [Theory]
    [InlineData("Lighthouse keepers trimmed the lamp wicks every night.")]
    [InlineData("A")]
    [InlineData("")]
    [InlineData("?! -- ...")]
    public void Every_vector_has_unit_length(string text)
    {
        var vector = Vector(text);

        Assert.Equal(_embedder.Dimensions, vector.Length);
        Assert.Equal(1.0, VectorMath.Length(vector), precision: 5);
    }

    [Fact]
    public void Texts_sharing_words_are_closer_than_texts_sharing_none()
    {
        var question = Vector("How do bees turn nectar into honey?");
        var related = Vector("Bees fan the nectar with their wings until it thickens into honey.");
        var unrelated = Vector("Sticky magma traps its gas until the volcano explodes.");

        Assert.True(VectorMath.Cosine(question, related) > VectorMath.Cosine(question, unrelated) + 0.2,
            $"related {VectorMath.Cosine(question, related):F3}, unrelated {VectorMath.Cosine(question, unrelated):F3}");
    }

    [Fact]
    public void Case_does_not_change_the_vector()
    {
        Assert.Equal(Vector("the fresnel lens"), Vector("The FRESNEL Lens"));
    }

    [Fact]
    public void A_huge_text_is_cut_to_the_input_limit_without_splitting_a_surrogate_pair()
    {
        var text = new string('a', EmbeddingLimits.MaxInputChars - 1) + "\U0001F41D" + new string('b', 100_000);

        var input = _embedder.ModelInput(text, EmbeddingRole.Passage);

        Assert.Equal(new string('a', EmbeddingLimits.MaxInputChars - 1), input);
        Assert.Equal(Vector(input), Vector(text));
    }

    [Fact]
    public void A_null_text_is_refused_naming_its_position()
    {
        var error = Assert.Throws<ArgumentException>(() => _embedder.Embed(["fine", null!], EmbeddingRole.Passage));

        Assert.StartsWith("Text 1 is null", error.Message);
    }
}
