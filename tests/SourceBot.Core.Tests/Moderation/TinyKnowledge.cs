using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>
/// A small hand-written knowledge folder in a temporary directory (three sources on unrelated topics), with its own versions
/// folder and question log, and a model cache shared by every test (the same knowledge trains once).
/// </summary>
public sealed class TinyKnowledge : IDisposable
{
    /// <summary>One model cache per test run (the same knowledge trains once per run), removed when the run ends.</summary>
    public static readonly string SharedCache = CreateSharedCache();

    private static string CreateSharedCache()
    {
        var path = Path.Combine(Path.GetTempPath(), "sourcebot-moderation-tests-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return path;
    }

    public const string Bees = """
        ---
        title: "How Bees Make Honey"
        authors: ["Ann Keeper"]
        publisher: "Garden Press"
        date: "2021-05-01"
        next_passage: 4
        ---

        [p1] Worker bees collect nectar from flowers and carry it back to the hive in a special honey stomach. A single bee visits hundreds of flowers on one trip.[1]

        [p2] Inside the hive, bees pass the nectar from mouth to mouth and fan it with their wings until most of the water evaporates. The thick result is honey, which they seal in wax cells.

        [p3] A strong colony can store more than twenty kilograms of honey in a good summer. Beekeepers leave enough honey in the hive for the bees to survive the winter.

        ## Footnotes

        [1] Observations of foraging flights, Garden Press field notes, 2020.
        """;

    public const string Volcanoes = """
        ---
        title: "Why Volcanoes Erupt"
        authors: ["Rui Basalt"]
        publisher: "Earth Journal"
        date: "2019-02-11"
        next_passage: 4
        ---

        [p1] Volcanoes erupt when molten rock called magma rises through cracks in the crust. Gas dissolved in the magma expands as the pressure drops near the surface.

        [p2] Sticky magma rich in silica traps its gas, so pressure builds until the volcano explodes violently. Runny basalt magma lets gas escape and flows out as lava rivers.

        [p3] Scientists watch for small earthquakes, swelling ground and sulfur gas to forecast eruptions. These signs often appear weeks before magma reaches the surface.
        """;

    public const string Lighthouses = """
        ---
        title: "Keepers of the Light"
        authors: ["Mo Harbour"]
        publisher: "Coast Magazine"
        date: "2018-09-30"
        next_passage: 3
        ---

        [p1] Lighthouse keepers trimmed the lamp wicks every night and polished the great lenses so ships could see the light from far at sea.

        [p2] The Fresnel lens, invented in 1822, bends light into a narrow beam that can be seen more than thirty kilometres away.
        """;

    public TinyKnowledge()
    {
        Root = Directory.CreateTempSubdirectory("sourcebot-mod-").FullName;
        KnowledgePath = Path.Combine(Root, "knowledge");
        Directory.CreateDirectory(KnowledgePath);
        File.WriteAllText(Path.Combine(KnowledgePath, "bees.md"), Bees);
        File.WriteAllText(Path.Combine(KnowledgePath, "volcanoes.md"), Volcanoes);
        File.WriteAllText(Path.Combine(KnowledgePath, "lighthouses.md"), Lighthouses);
        EngineOptions = new EngineOptions { KnowledgePath = KnowledgePath, CachePath = SharedCache, MaxTrainingQuestions = 400 };
        Options = new ModerationOptions
        {
            VersionsPath = Path.Combine(Root, "versions"),
            QuestionLogPath = Path.Combine(Root, "questions.db"),
            RetireDelay = TimeSpan.FromSeconds(5),
        };
        QuestionLog = new SqliteQuestionLog(Options.QuestionLogPath);
    }

    public string Root { get; }
    public string KnowledgePath { get; }
    public EngineOptions EngineOptions { get; }
    public ModerationOptions Options { get; }
    public SqliteQuestionLog QuestionLog { get; }

    public static Actor Alice { get; } = new("1001", "alice");
    public static Actor Bob { get; } = new("1002", "bob");

    public KnowledgeService Service(AnswerEngine? live = null) =>
        new(EngineOptions, Options, NullLogger<KnowledgeService>.Instance, TimeProvider.System, QuestionLog, null, live);

    /// <summary>The engine for the live version, as the host loads it.</summary>
    public AnswerEngine LoadLive() => KnowledgeService.LoadLiveEngine(EngineOptions, Options);

    public string Read(string file) => File.ReadAllText(Path.Combine(KnowledgePath, file));

    public void Dispose()
    {
        QuestionLog.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
