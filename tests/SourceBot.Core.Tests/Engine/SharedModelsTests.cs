using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Engine;

/// <summary>With a shared model store, models one process trained are loaded by another instead of trained again.</summary>
public sealed class SharedModelsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sourcebot-shared-models-").FullName;
    private readonly SharedInMemory _shared = new();

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private EngineFactory Process(string name, ISharedModelStore? shared) =>
        new(TestEngines.Fast(new EngineOptions { CachePath = Path.Combine(_root, name), MaxTrainingQuestions = 400 })) { SharedModels = shared };

    private static KnowledgeBase Knowledge => SmallEngines.All;

    [Fact]
    public void Models_trained_by_one_process_are_loaded_by_another_with_its_own_cache_and_answer_the_same()
    {
        using var a = Process("a", _shared);
        using var b = Process("b", _shared);

        using var trained = a.Build(Knowledge);
        using var fetched = b.Build(Knowledge);

        Assert.False(trained.LoadedFromCache);
        Assert.True(fetched.LoadedFromCache);
        Assert.Equal(trained.ModelHash, fetched.ModelHash);
        Assert.Equal(1, _shared.Saves);
        using var engineA = new AnswerEngine(trained, a.Options);
        using var engineB = new AnswerEngine(fetched, b.Options);
        var (x, y) = (engineA.Ask(SmallEngines.BeeQuestion), engineB.Ask(SmallEngines.BeeQuestion));
        Assert.Equal((x.Outcome, x.PassageId, x.Score), (y.Outcome, y.PassageId, y.Score));
    }

    [Fact]
    public void A_shared_store_that_fails_only_means_training_here()
    {
        using var b = Process("b", new FailingStore());

        using var snapshot = b.Build(Knowledge);

        Assert.False(snapshot.LoadedFromCache);
        using var engine = new AnswerEngine(snapshot, b.Options);
        Assert.Equal("bees", engine.Ask(SmallEngines.BeeQuestion).SourceId);
    }

    /// <summary>A deployment's model store in memory: folder files by model hash.</summary>
    private sealed class SharedInMemory : ISharedModelStore
    {
        private readonly Dictionary<string, Dictionary<string, byte[]>> _models = [];

        public int Saves { get; private set; }

        public bool TryFetch(string modelHash, string folder, CancellationToken cancellationToken = default)
        {
            lock (_models)
            {
                if (!_models.TryGetValue(modelHash, out var files)) return false;
                Directory.CreateDirectory(folder);
                foreach (var (name, content) in files) File.WriteAllBytes(Path.Combine(folder, name), content);
                return true;
            }
        }

        public void Save(string modelHash, string folder, CancellationToken cancellationToken = default)
        {
            lock (_models)
            {
                Saves++;
                _models[modelHash] = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
            }
        }
    }

    private sealed class FailingStore : ISharedModelStore
    {
        public bool TryFetch(string modelHash, string folder, CancellationToken cancellationToken = default) => throw new IOException("the database is down");

        public void Save(string modelHash, string folder, CancellationToken cancellationToken = default) => throw new IOException("the database is down");
    }
}
