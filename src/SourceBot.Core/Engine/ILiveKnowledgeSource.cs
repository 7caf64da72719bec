using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Engine;

/// <summary>Where an <see cref="EngineCache"/> finds the knowledge a library answers from now (its live version). Supplied by the host.</summary>
public interface ILiveKnowledgeSource
{
    /// <summary>The live knowledge of <paramref name="libraryId"/>; throws with a message a person can act on when there is none or it cannot be read.</summary>
    Task<KnowledgeBase> LoadLiveAsync(string libraryId, CancellationToken cancellationToken);

    /// <summary>The knowledge hash of the library's latest published version (its manifest only, not its files), or null before its first publish.</summary>
    Task<string?> PublishedHashAsync(string libraryId, CancellationToken cancellationToken);
}
