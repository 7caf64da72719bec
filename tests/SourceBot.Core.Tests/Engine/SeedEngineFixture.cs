using SourceBot.Core.Engine;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Engine;

/// <summary>The repository's knowledge folder and the shared dev set, wherever the tests run from.</summary>
public static class RepositoryPaths
{
    public static string Knowledge => Import.Seeds.KnowledgeFolder;

    public static string DevQuestions
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Import.Seeds.RepositoryRoot, "..", "shared", "eval", "dev-questions.jsonl"));
            if (!File.Exists(path)) throw new InvalidOperationException($"The dev question set is expected at {path} (the shared folder beside the repository).");
            return path;
        }
    }
}

/// <summary>
/// One engine on the bundled knowledge for a whole test collection, as SourceBot runs by default (the real embedding model and
/// every real training question), its models trained into a private temporary cache; vectors and training rows come from the
/// run's shared cache.
/// </summary>
public sealed class SeedEngineFixture : IDisposable
{
    public SeedEngineFixture()
    {
        CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-tests-" + Guid.NewGuid().ToString("N"));
        Options = TestEngines.Real(new EngineOptions { KnowledgePath = RepositoryPaths.Knowledge, CachePath = CachePath });
        Engines = new EngineFactory(Options);
        Engine = Engines.Load();
    }

    public string CachePath { get; }
    public EngineOptions Options { get; }
    public EngineFactory Engines { get; }
    public AnswerEngine Engine { get; }

    public void Dispose()
    {
        Engine.Dispose();
        Engines.Dispose();
        try { Directory.Delete(CachePath, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SeedEngineCollection : ICollectionFixture<SeedEngineFixture>
{
    public const string Name = "seed engine";
}
