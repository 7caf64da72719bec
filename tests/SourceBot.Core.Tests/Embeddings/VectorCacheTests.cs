using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Embeddings;

namespace SourceBot.Core.Tests.Embeddings;

/// <summary>Vectors on disk per (model, model input): a build embeds only what it has not seen, in batches, with progress.</summary>
public sealed class VectorCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sourcebot-vectors-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "vectors.db");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    private static string[] Texts(int count, string stem = "passage") =>
        Enumerable.Range(0, count).Select(i => $"{stem} number {i} about bees and honey").ToArray();

    [Fact]
    public async Task A_second_call_with_the_same_texts_embeds_nothing()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();
        await cache.GetOrEmbedAsync(embedder, Texts(20), EmbeddingRole.Passage);
        var batchesAfterFirst = embedder.Batches.Count;

        await cache.GetOrEmbedAsync(embedder, Texts(20), EmbeddingRole.Passage);

        Assert.Equal(batchesAfterFirst, embedder.Batches.Count);
    }

    [Fact]
    public async Task Only_a_changed_or_new_text_is_embedded_on_the_next_build()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();
        await cache.GetOrEmbedAsync(embedder, ["Bees make honey.", "Volcanoes erupt.", "Keepers trim wicks."], EmbeddingRole.Passage);
        var before = embedder.Batches.Count;

        await cache.GetOrEmbedAsync(embedder, ["Bees make honey.", "Volcanoes erupt violently.", "Keepers trim wicks.", "Lenses bend light."], EmbeddingRole.Passage);

        Assert.Equal(["Volcanoes erupt violently.", "Lenses bend light."], embedder.Batches.Skip(before).SelectMany(b => b));
    }

    [Fact]
    public async Task Cached_vectors_read_back_bit_for_bit_in_input_order()
    {
        var texts = Texts(5);
        var embedder = new CountingEmbedder();
        var expected = embedder.Embed(texts, EmbeddingRole.Passage);
        using (var first = new VectorCache(DatabasePath))
        {
            await first.GetOrEmbedAsync(embedder, texts, EmbeddingRole.Passage);
        }
        using var second = new VectorCache(DatabasePath);
        var reversed = texts.Reverse().ToArray();
        var before = embedder.Batches.Count;

        var vectors = await second.GetOrEmbedAsync(embedder, reversed, EmbeddingRole.Passage);

        Assert.Equal(before, embedder.Batches.Count);
        Assert.Equal(expected.Reverse(), vectors);
    }

    [Fact]
    public async Task Cached_and_new_vectors_come_back_in_input_order()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();
        await cache.GetOrEmbedAsync(embedder, ["second", "fourth"], EmbeddingRole.Passage);
        string[] texts = ["first", "second", "third", "fourth"];

        var vectors = await cache.GetOrEmbedAsync(embedder, texts, EmbeddingRole.Passage);

        Assert.Equal(embedder.Embed(texts, EmbeddingRole.Passage), vectors);
    }

    [Fact]
    public async Task Batches_never_exceed_sixteen_texts()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();

        await cache.GetOrEmbedAsync(embedder, Texts(40), EmbeddingRole.Passage);

        Assert.Equal([16, 16, 8], embedder.Batches.Select(b => b.Length));
    }

    [Fact]
    public async Task A_text_repeated_in_one_call_is_embedded_once_and_each_copy_gets_its_own_array()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();

        var vectors = await cache.GetOrEmbedAsync(embedder, ["same", "other", "same"], EmbeddingRole.Passage);

        Assert.Equal(["same", "other"], embedder.Embedded);
        Assert.Equal(vectors[0], vectors[2]);
        Assert.NotSame(vectors[0], vectors[2]);
    }

    [Fact]
    public async Task Progress_counts_batches_up_to_the_total_with_the_time_left_at_the_rate_so_far()
    {
        var clock = new FakeTimeProvider();
        using var cache = new VectorCache(DatabasePath, clock);
        var embedder = new CountingEmbedder { Clock = clock, TimePerBatch = TimeSpan.FromSeconds(3) };
        await cache.GetOrEmbedAsync(embedder, Texts(2, "cached"), EmbeddingRole.Passage);
        var progress = new RecordingProgress();

        await cache.GetOrEmbedAsync(embedder, [.. Texts(2, "cached"), .. Texts(40)], EmbeddingRole.Passage, progress);

        Assert.Equal(
            [
                new EmbeddingProgress(0, 40, null),
                new EmbeddingProgress(16, 40, TimeSpan.FromSeconds(4.5)),
                new EmbeddingProgress(32, 40, TimeSpan.FromSeconds(1.5)),
                new EmbeddingProgress(40, 40, TimeSpan.Zero),
            ],
            progress.Reports);
    }

    [Fact]
    public async Task Nothing_is_reported_when_every_vector_is_cached()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();
        await cache.GetOrEmbedAsync(embedder, Texts(3), EmbeddingRole.Passage);
        var progress = new RecordingProgress();

        await cache.GetOrEmbedAsync(embedder, Texts(3), EmbeddingRole.Passage, progress);

        Assert.Empty(progress.Reports);
    }

    [Fact]
    public async Task A_build_that_fails_keeps_the_batches_it_finished()
    {
        var texts = Texts(40);
        using var cache = new VectorCache(DatabasePath);
        var failing = new CountingEmbedder { FailAtBatch = 3 };
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrEmbedAsync(failing, texts, EmbeddingRole.Passage));
        var retry = new CountingEmbedder();

        await cache.GetOrEmbedAsync(retry, texts, EmbeddingRole.Passage);

        Assert.Equal(texts[32..], retry.Embedded);
    }

    [Fact]
    public async Task A_cancelled_build_keeps_the_batches_it_finished()
    {
        var texts = Texts(40);
        using var cache = new VectorCache(DatabasePath);
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfterFirstBatch(cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => cache.GetOrEmbedAsync(new CountingEmbedder(), texts, EmbeddingRole.Passage, progress, cancel.Token));
        var retry = new CountingEmbedder();

        await cache.GetOrEmbedAsync(retry, texts, EmbeddingRole.Passage);

        Assert.Equal(texts[16..], retry.Embedded);
    }

    [Fact]
    public async Task Each_model_keeps_its_own_vectors()
    {
        using var cache = new VectorCache(DatabasePath);
        await cache.GetOrEmbedAsync(new CountingEmbedder("model-a"), ["Bees make honey."], EmbeddingRole.Passage);
        var other = new CountingEmbedder("model-b");

        await cache.GetOrEmbedAsync(other, ["Bees make honey."], EmbeddingRole.Passage);

        Assert.Equal(["Bees make honey."], other.Embedded);
    }

    [Fact]
    public async Task A_query_and_a_passage_share_a_vector_when_the_model_adds_no_prefix()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();
        await cache.GetOrEmbedAsync(embedder, ["honey bees"], EmbeddingRole.Passage);
        var before = embedder.Batches.Count;

        await cache.GetOrEmbedAsync(embedder, ["honey bees"], EmbeddingRole.Query);

        Assert.Equal(before, embedder.Batches.Count);
    }

    [Fact]
    public async Task A_query_is_embedded_apart_from_the_same_passage_when_the_model_prefixes_queries()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder(queryPrefix: "Represent this: ");
        var passage = (await cache.GetOrEmbedAsync(embedder, ["honey bees"], EmbeddingRole.Passage))[0];

        var query = (await cache.GetOrEmbedAsync(embedder, ["honey bees"], EmbeddingRole.Query))[0];

        Assert.Equal(2, embedder.Batches.Count);
        Assert.NotEqual(passage, query);
    }

    [Fact]
    public async Task Vectors_of_the_wrong_length_are_refused_and_not_stored()
    {
        using var cache = new VectorCache(DatabasePath);
        var broken = new CountingEmbedder { WrongDimensions = 100 };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrEmbedAsync(broken, ["Bees make honey."], EmbeddingRole.Passage));

        Assert.Equal("Embedder counting returned a vector of 100 floats, not 384; nothing from this batch was stored.", error.Message);
        var healthy = new CountingEmbedder();
        await cache.GetOrEmbedAsync(healthy, ["Bees make honey."], EmbeddingRole.Passage);
        Assert.Equal(["Bees make honey."], healthy.Embedded);
    }

    [Fact]
    public async Task Two_caches_on_one_file_can_build_at_the_same_time()
    {
        using var first = new VectorCache(DatabasePath);
        using var second = new VectorCache(DatabasePath);
        var a = Texts(64, "first");
        var b = Texts(64, "second");

        await Task.WhenAll(
            Task.Run(() => first.GetOrEmbedAsync(new CountingEmbedder(), a, EmbeddingRole.Passage)),
            Task.Run(() => second.GetOrEmbedAsync(new CountingEmbedder(), b, EmbeddingRole.Passage)));

        var reader = new CountingEmbedder();
        await first.GetOrEmbedAsync(reader, [.. a, .. b], EmbeddingRole.Passage);
        Assert.Empty(reader.Batches);
    }

    [Fact]
    public async Task A_null_text_is_refused_before_anything_is_embedded()
    {
        using var cache = new VectorCache(DatabasePath);
        var embedder = new CountingEmbedder();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => cache.GetOrEmbedAsync(embedder, ["fine", null!], EmbeddingRole.Passage));

        Assert.StartsWith("Text 1 is null", error.Message);
        Assert.Empty(embedder.Batches);
    }

    /// <summary>Cancels the build as soon as the first batch is reported done.</summary>
    private sealed class CancelAfterFirstBatch(CancellationTokenSource cancel) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value)
        {
            if (value.Done > 0) cancel.Cancel();
        }
    }
}
