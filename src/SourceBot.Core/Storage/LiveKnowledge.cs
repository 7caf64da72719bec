using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Storage;

/// <summary>What a library answers from, read from its store: the latest published version, or the draft before the first publish.</summary>
public static class LiveKnowledge
{
    /// <summary>The latest published version, or null before the first publish.</summary>
    public static async Task<VersionManifest?> LatestVersionAsync(this IKnowledgeStore store, CancellationToken cancellationToken = default) =>
        (await store.ListVersionsAsync(cancellationToken).ConfigureAwait(false)) is { IsEmpty: false } versions ? versions[^1] : null;

    /// <summary>The live knowledge; with <paramref name="allowEmpty"/>, a library without sources gives an empty knowledge base instead of an error.</summary>
    public static async Task<KnowledgeBase> LoadLiveKnowledgeAsync(this IKnowledgeStore store, bool allowEmpty = false, CancellationToken cancellationToken = default)
    {
        var latest = await store.LatestVersionAsync(cancellationToken).ConfigureAwait(false);
        return latest is null
            ? (await store.ReadDraftAsync(cancellationToken).ConfigureAwait(false)).Parse(store.DraftLocation, allowEmpty)
            : (await store.ReadVersionAsync(latest.Version, cancellationToken).ConfigureAwait(false)).Parse(store.VersionLocation(latest.Version), allowEmpty);
    }
}
