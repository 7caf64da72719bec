using SourceBot.Core.Engine;
using SourceBot.Tests.Shared;

namespace SourceBot.Discord.Tests.Support;

/// <summary>One engine on the repository's knowledge for the class, trained into a private temporary cache.</summary>
public sealed class KnowledgeEngineFixture : IDisposable
{
    private readonly Lazy<AnswerEngine> _engine;
    private readonly EngineFactory _engines;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "sourcebot-discord-tests-" + Guid.NewGuid().ToString("N"));

    public KnowledgeEngineFixture()
    {
        _engines = TestEngines.Factory(new EngineOptions { KnowledgePath = RepositoryFiles.Knowledge, CachePath = _cache });
        _engine = new(() => _engines.Load());
    }

    public AnswerEngine Engine => _engine.Value;

    public void Dispose()
    {
        if (_engine.IsValueCreated) _engine.Value.Dispose();
        _engines.Dispose();
        try { Directory.Delete(_cache, recursive: true); } catch (IOException) { }
    }
}
