namespace SourceBot.Core.Storage;

/// <summary>A store could not be read or written (a full disk, a read-only folder, a database that is down).</summary>
public sealed class KnowledgeStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What counts as a storage failure: the store's own exception, and the file system's.</summary>
internal static class StoreFailure
{
    public static bool Is(Exception ex) => ex is KnowledgeStoreException or IOException or UnauthorizedAccessException;
}
