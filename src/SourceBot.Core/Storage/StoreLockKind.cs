namespace SourceBot.Core.Storage;

/// <summary>The two locks of a library: draft edits, and publishes (and rollbacks).</summary>
public enum StoreLockKind
{
    Edit,
    Publish,
}
