using SourceBot.Core.Engine;

namespace SourceBot.Core.Tests.Engine;

[Collection(SmallEngines.Collection)]
public sealed class SnapshotSizeTests(SmallEngines engines)
{
    [Fact]
    public void The_estimate_counts_every_embedding_float_as_four_bytes()
    {
        using var snapshot = engines.Build(SmallEngines.All);
        var dense = snapshot.Ranker.Dense!;
        long floats = dense.Passages.Sum(v => (long)v.Length) + dense.Sentences.SelectMany(s => s).Sum(v => (long)v.Length);

        Assert.Equal(floats * 4, snapshot.Size.EmbeddingVectors);
    }

    [Fact]
    public void The_estimate_is_the_sum_of_vectors_text_index_and_trees_each_of_which_is_counted()
    {
        using var snapshot = engines.Build(SmallEngines.All);
        var size = snapshot.Size;

        Assert.All([size.EmbeddingVectors, size.TextVectors, size.Text, size.LexicalIndex, size.Trees], part => Assert.True(part > 0));
        Assert.Equal(size.EmbeddingVectors + size.TextVectors + size.Text + size.LexicalIndex + size.Trees, snapshot.EstimatedBytes);
    }

    [Fact]
    public void The_text_part_counts_at_least_two_bytes_for_every_character_of_the_passages()
    {
        using var snapshot = engines.Build(SmallEngines.All);

        Assert.True(snapshot.Size.Text >= 2L * SmallEngines.All.Passages.Sum(p => p.Text.Length));
    }

    [Fact]
    public void Models_loaded_from_the_cache_weigh_what_the_freshly_trained_ones_weigh()
    {
        var cache = Path.Combine(Path.GetTempPath(), "sourcebot-size-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = engines.Options.Copy();
            options.CachePath = cache;
            using var factory = engines.Factory.With(options);
            using var trained = factory.Build(SmallEngines.BeesAndVolcanoes);
            using var loaded = factory.Build(SmallEngines.BeesAndVolcanoes);

            Assert.False(trained.LoadedFromCache);
            Assert.True(loaded.LoadedFromCache);
            Assert.True(trained.Size.Trees > 0);
            Assert.Equal(trained.Size, loaded.Size);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
