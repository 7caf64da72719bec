using SourceBot.Core.QuestionLog;

namespace SourceBot.Core.Tests.Storage;

/// <summary>The question log contract on SQLite: every library of a test in one file.</summary>
public sealed class SqliteQuestionLogContractTests : QuestionLogContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sourcebot-log-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteQuestionLog> _logs = [];

    protected override IQuestionLog CreateLog(string libraryId)
    {
        var log = new SqliteQuestionLog(Path.Combine(_folder, "questions.db"), libraryId, Time);
        _logs.Add(log);
        return log;
    }

    public void Dispose()
    {
        foreach (var log in _logs) log.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
