using SourceBot.Core.Engine;

using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Engine;

[Collection(SeedEngineCollection.Name)]
public sealed class DeterminismAndCacheTests(SeedEngineFixture fixture)
{
    private static readonly string[] Questions =
    [
        "When did China accede to the 1951 Refugee Convention?",
        "Why do North Koreans cross into China?",
        "What is songbun?",
        "What happens to women who are repatriated?",
        "Tell me about football",
    ];

    [Fact]
    public void Training_twice_from_scratch_gives_the_same_model_and_the_same_answers()
    {
        var cache = Path.Combine(Path.GetTempPath(), "sourcebot-determinism-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var factory = fixture.Engines.With(TestEngines.Real(new EngineOptions { KnowledgePath = RepositoryPaths.Knowledge, CachePath = cache }));
            using var second = factory.Load();

            Assert.False(second.Snapshot.LoadedFromCache);
            Assert.Equal(fixture.Engine.Info.ModelHash, second.Info.ModelHash);
            foreach (var q in Questions)
            {
                var a = fixture.Engine.Ask(q);
                var b = second.Ask(q);
                Assert.Equal((a.Outcome, a.PassageId, a.Quote, a.Score), (b.Outcome, b.PassageId, b.Quote, b.Score));
                Assert.Equal(a.Alternatives.Select(x => x.PassageId), b.Alternatives.Select(x => x.PassageId));
            }
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Second_start_on_the_same_knowledge_loads_the_cached_models()
    {
        using var factory = fixture.Engines.With(fixture.Options);
        using var again = factory.Load();

        Assert.True(again.Snapshot.LoadedFromCache);
        Assert.Equal(fixture.Engine.Ask(Questions[0]).Quote, again.Ask(Questions[0]).Quote);
    }

    [Fact]
    public void Model_files_live_under_a_folder_named_by_the_model_hash()
    {
        var folder = Path.Combine(fixture.CachePath, "models", fixture.Engine.Info.ModelHash);

        Assert.True(File.Exists(Path.Combine(folder, "reranker.zip")));
        Assert.True(File.Exists(Path.Combine(folder, "answerability.zip")));
    }

    [Fact]
    public void Engine_info_reports_the_knowledge_it_answers_from()
    {
        var info = fixture.Engine.Info;

        Assert.Equal(4, info.SourceCount);
        Assert.Equal(fixture.Engine.Snapshot.Knowledge.Passages.Length, info.PassageCount);
        Assert.Equal(16, info.KnowledgeHash.Length);
    }
}
