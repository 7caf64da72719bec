using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Training;

namespace SourceBot.Core.Tests.Engine;

/// <summary>The decline and sentence models learn from the real questions alone, so every library of a process shares one training of them.</summary>
[Collection(SmallEngines.Collection)]
public sealed class GeneralModelTests(SmallEngines engines)
{
    [Fact]
    public void Two_libraries_built_by_one_factory_share_one_training_of_the_decline_and_sentence_models()
    {
        var cache = Path.Combine(Path.GetTempPath(), "sourcebot-general-models-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = engines.Options.Copy();
            options.CachePath = cache;
            using var factory = engines.Factory.With(options);
            using var first = factory.Build(SmallEngines.BeesAndVolcanoes);
            using var second = factory.Build(SmallEngines.VolcanoesAndLighthouses);

            Assert.False(first.LoadedFromCache);
            Assert.False(second.LoadedFromCache);
            Assert.NotSame(first.Ranker.Models.Reranker, second.Ranker.Models.Reranker);
            Assert.Same(first.Ranker.Models.Answerability, second.Ranker.Models.Answerability);
            Assert.NotNull(first.Ranker.Models.Sentences);
            Assert.Same(first.Ranker.Models.Sentences, second.Ranker.Models.Sentences);
            Assert.Equal(first.Ranker.Models.AnswerThreshold, second.Ranker.Models.AnswerThreshold);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void A_later_start_reads_the_cached_general_models_instead_of_training_them()
    {
        var cache = Path.Combine(Path.GetTempPath(), "sourcebot-general-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var rows = Rows();
            GeneralModelCache.Load(rows, seed: 1, cache, NullLogger.Instance);
            // A threshold no training would learn: reading it back shows the second load read the files.
            File.WriteAllText(Path.Combine(GeneralModelCache.FolderOf(rows, 1, cache), "threshold.txt"), "0.125");

            var again = GeneralModelCache.Load(rows, seed: 1, cache, NullLogger.Instance);

            Assert.Equal(0.125, again.AnswerThreshold);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void General_models_read_from_the_cache_score_as_the_freshly_trained_ones()
    {
        var cache = Path.Combine(Path.GetTempPath(), "sourcebot-general-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var rows = Rows();
            var trained = GeneralModelCache.Load(rows, seed: 1, cache, NullLogger.Instance);
            var read = GeneralModelCache.Load(rows, seed: 1, cache, NullLogger.Instance);

            Assert.NotSame(trained.Answerability, read.Answerability);
            Assert.Equal(trained.AnswerThreshold, read.AnswerThreshold);
            Assert.Equal(trained.Answerability!.Score([.. rows.Declines.Select(r => r.Features)]), read.Answerability!.Score([.. rows.Declines.Select(r => r.Features)]));
            Assert.Equal(trained.Sentences!.Score([.. rows.Sentences.Select(r => r.Features)]), read.Sentences!.Score([.. rows.Sentences.Select(r => r.Features)]));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Each_seed_has_its_own_cached_general_models()
    {
        var rows = Rows();

        Assert.NotEqual(GeneralModelCache.FolderOf(rows, 1, "cache"), GeneralModelCache.FolderOf(rows, 2, "cache"));
    }

    /// <summary>Decline and sentence rows whose label follows their first feature, with noise: enough for the trees to learn.</summary>
    private static TrainingRows Rows()
    {
        var random = new Random(7);
        T Row<T>(int features) where T : class, IFeatureRow, new()
        {
            var values = Enumerable.Range(0, features).Select(_ => (float)random.NextDouble()).ToArray();
            return new T { Features = values, Label = values[0] + 0.3 * random.NextDouble() > 0.65 };
        }
        var declines = Enumerable.Range(0, 400).Select(_ => Row<DeclineRow>(DeclineFeatures.Count)).ToList();
        var sentences = Enumerable.Range(0, 400).Select(_ => Row<SentenceRow>(SentenceFeatures.Count)).ToList();
        return new TrainingRows([], declines, sentences, "general-model-tests") { AskedDeclines = 200 };
    }
}
