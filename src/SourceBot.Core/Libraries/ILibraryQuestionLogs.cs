using SourceBot.Core.QuestionLog;

namespace SourceBot.Core.Libraries;

/// <summary>Where a server's questions are logged: the question log of the library the server uses, so gaps stay per library.</summary>
public interface ILibraryQuestionLogs
{
    /// <summary>The question log of the server's library, or null when that library logs nothing.</summary>
    Task<IQuestionLog?> ForServerAsync(string? serverId, CancellationToken cancellationToken = default);
}
