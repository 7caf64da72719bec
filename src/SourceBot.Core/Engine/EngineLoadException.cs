namespace SourceBot.Core.Engine;

/// <summary>
/// A library's engine could not be loaded: its knowledge could not be read or its engine could not be built. Not
/// remembered: the next request for the library tries again.
/// </summary>
public sealed class EngineLoadException(string libraryId, string message, Exception innerException) : Exception(message, innerException)
{
    public string LibraryId { get; } = libraryId;
}
