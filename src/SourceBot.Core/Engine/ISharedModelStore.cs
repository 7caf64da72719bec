namespace SourceBot.Core.Engine;

/// <summary>
/// Trained models shared by every process of a deployment, by model hash (the files of one model folder). A build that finds
/// no models in its local cache fetches them from here before it trains, and stores what it trained, so a version published
/// in one process is loaded by the others instead of trained again. Builds run off the answering threads, so the calls are
/// synchronous.
/// </summary>
public interface ISharedModelStore
{
    /// <summary>Writes the files stored under <paramref name="modelHash"/> into <paramref name="folder"/>; false when there are none.</summary>
    bool TryFetch(string modelHash, string folder, CancellationToken cancellationToken = default);

    /// <summary>Stores the files of <paramref name="folder"/> under <paramref name="modelHash"/>; storing the same models twice is harmless.</summary>
    void Save(string modelHash, string folder, CancellationToken cancellationToken = default);
}
