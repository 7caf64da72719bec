using SourceBot.Core.Engine;
using SourceBot.Core.Libraries;

namespace SourceBot.Discord.Libraries;

/// <summary>
/// The answers of a host with one library: every server, and every direct message, gets the registered
/// <see cref="IAnswerService"/>. Registered by <see cref="ServiceCollectionExtensions.AddSourceBotDiscord"/> only when the host
/// registered no <see cref="ILibraryAnswers"/> of its own.
/// </summary>
internal sealed class SingleLibraryAnswers(IAnswerService answers) : ILibraryAnswers
{
    public Task<IAnswerService> ForServerAsync(string? serverId, CancellationToken cancellationToken = default) => Task.FromResult(answers);
}
