namespace SourceBot.Core.Storage;

/// <summary>
/// The library (a knowledge set with its own id) that a single-process install serves: the bundled knowledge. Rows written
/// before stores were scoped to a library count as this one.
/// </summary>
public static class DefaultLibrary
{
    public const string Id = "default";
}
