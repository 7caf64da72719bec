using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Engine;

/// <summary>
/// Small engines for the tests of engine lifetime, the engine cache and the training queue: the three sample sources in a
/// few combinations (each its own knowledge hash), with the fast test settings (hashing embedder, a few hundred real
/// questions); each combination trains once per run into a temporary model cache, later builds load it.
/// </summary>
public sealed class SmallEngines : IDisposable
{
    public const string Collection = "Small engines";

    public SmallEngines()
    {
        CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-small-engines-" + Guid.NewGuid().ToString("N"));
        Options = TestEngines.Fast(new EngineOptions { KnowledgePath = CachePath, CachePath = CachePath, MaxTrainingQuestions = 400 });
        Factory = new EngineFactory(Options);
    }

    public string CachePath { get; }
    public EngineOptions Options { get; }
    public EngineFactory Factory { get; }

    /// <summary>Bees, volcanoes and lighthouses.</summary>
    public static KnowledgeBase All { get; } = Knowledge(("bees", SampleSources.Bees), ("volcanoes", SampleSources.Volcanoes), ("lighthouses", SampleSources.Lighthouses));

    public static KnowledgeBase BeesAndVolcanoes { get; } = Knowledge(("bees", SampleSources.Bees), ("volcanoes", SampleSources.Volcanoes));

    public static KnowledgeBase VolcanoesAndLighthouses { get; } = Knowledge(("volcanoes", SampleSources.Volcanoes), ("lighthouses", SampleSources.Lighthouses));

    /// <summary>A question the combinations with the bees source answer from it.</summary>
    public const string BeeQuestion = "How much honey can a colony store?";

    /// <summary>A question the combinations with the lighthouses source answer from it.</summary>
    public const string LighthouseQuestion = "When was the Fresnel lens invented?";

    /// <summary>A new snapshot of <paramref name="knowledge"/> (its models trained on the first build of the run, then loaded).</summary>
    public EngineSnapshot Build(KnowledgeBase knowledge, CancellationToken cancellationToken = default) =>
        Factory.Build(knowledge, cancellationToken: cancellationToken);

    public static KnowledgeBase Knowledge(params (string Id, string Text)[] sources) =>
        new([.. sources.Select(s => KnowledgeFile.Parse(s.Text, s.Id))]);

    public void Dispose()
    {
        Factory.Dispose();
        try { Directory.Delete(CachePath, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(SmallEngines.Collection)]
public sealed class SmallEnginesCollection : ICollectionFixture<SmallEngines>;
