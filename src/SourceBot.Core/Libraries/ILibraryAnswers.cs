using SourceBot.Core.Engine;

namespace SourceBot.Core.Libraries;

/// <summary>The answer port front ends use when servers may have libraries of their own: the answers for the server asked in.</summary>
public interface ILibraryAnswers
{
    /// <summary>The answers of the library a server uses (the default library for a direct message or the command line).</summary>
    Task<IAnswerService> ForServerAsync(string? serverId, CancellationToken cancellationToken = default);
}
