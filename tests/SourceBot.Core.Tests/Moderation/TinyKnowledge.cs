using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Tests.Shared;

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

    public TinyKnowledge()
    {
        Root = Directory.CreateTempSubdirectory("sourcebot-mod-").FullName;
        KnowledgePath = Path.Combine(Root, "knowledge");
        SampleSources.WriteTo(KnowledgePath);
        EngineOptions = TestEngines.Fast(new EngineOptions { KnowledgePath = KnowledgePath, CachePath = SharedCache, MaxTrainingQuestions = 400 });
        Options = new ModerationOptions
        {
            VersionsPath = Path.Combine(Root, "versions"),
            QuestionLogPath = Path.Combine(Root, "questions.db"),
        };
        QuestionLog = new SqliteQuestionLog(Options.QuestionLogPath);
    }

    public string Root { get; }
    public string KnowledgePath { get; }
    public EngineOptions EngineOptions { get; }

    /// <summary>Builds this knowledge's snapshots (hashing embedder, shared test cache).</summary>
    public EngineFactory Engines => _engines ??= TestEngines.Factory(EngineOptions);
    private EngineFactory? _engines;
    public ModerationOptions Options { get; }
    public SqliteQuestionLog QuestionLog { get; }

    public static Actor Alice { get; } = new("1001", "alice");
    public static Actor Bob { get; } = new("1002", "bob");

    public KnowledgeService Service(AnswerEngine? live = null) =>
        new(Engines, Options, NullLogger<KnowledgeService>.Instance, TimeProvider.System, QuestionLog, null, live);

    /// <summary>The engine for the live version (the latest published, else the draft), read from the library's store as the host reads it.</summary>
    public AnswerEngine LoadLive() => new(Engines.Build(Service().LoadLiveKnowledgeAsync().GetAwaiter().GetResult()), Engines.Options);

    public string Read(string file) => File.ReadAllText(Path.Combine(KnowledgePath, file));

    public void Dispose()
    {
        QuestionLog.Dispose();
        _engines?.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
