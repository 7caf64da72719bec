using System.Collections.Immutable;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Libraries;

/// <summary>
/// Which libraries exist, which server uses which, and where each one's knowledge is kept. The default library (the bundled
/// knowledge) always exists and is not listed as created. A folder catalog keeps this in the data folder for one process;
/// a database catalog shares it between processes.
/// </summary>
public interface ILibraryCatalog
{
    /// <summary>The libraries created by moderators or the operator (not the default one), oldest first.</summary>
    Task<ImmutableArray<LibraryInfo>> ListAsync(CancellationToken cancellationToken = default);

    Task<LibraryInfo?> FindAsync(string libraryId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a new library and gives its draft these files, in one step; false (and nothing changed) when the id is taken.
    /// </summary>
    Task<bool> TryCreateAsync(LibraryInfo library, KnowledgeFiles draft, CancellationToken cancellationToken = default);

    /// <summary>The library a server chose with `/kb library`, or null when it has not chosen one.</summary>
    Task<string?> LibraryOfServerAsync(string serverId, CancellationToken cancellationToken = default);

    /// <summary>Makes a server's answers and moderation use a library (replacing an earlier choice).</summary>
    Task MapServerAsync(string serverId, string libraryId, CancellationToken cancellationToken = default);

    /// <summary>Where a library's knowledge is kept (the default library included).</summary>
    IKnowledgeStore StoreOf(string libraryId);
}
