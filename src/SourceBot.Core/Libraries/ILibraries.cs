using System.Collections.Immutable;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Libraries;

/// <summary>The library port front ends use: which library a server uses, its moderation, and creating and choosing libraries.</summary>
public interface ILibraries
{
    /// <summary>The library a server uses: the operator's setting first, then the server moderators' choice, else the default.</summary>
    Task<string> LibraryOfServerAsync(string? serverId, CancellationToken cancellationToken = default);

    /// <summary>The moderation of one library.</summary>
    Task<IKnowledgeModeration> ModerationAsync(string libraryId, CancellationToken cancellationToken = default);

    /// <summary>Every library, the default one first.</summary>
    Task<ImmutableArray<LibraryInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a library, empty or with a copy of another library's draft, and when <paramref name="serverId"/> is given makes
    /// that server use it. Refused for a bad or taken id, an unknown library to copy, or over the number of libraries allowed.
    /// </summary>
    Task<LibraryResult> CreateAsync(Actor actor, string libraryId, string? copyFrom, string? serverId, CancellationToken cancellationToken = default);

    /// <summary>Makes a server use an existing library.</summary>
    Task<LibraryResult> UseAsync(Actor actor, string libraryId, string serverId, CancellationToken cancellationToken = default);
}
