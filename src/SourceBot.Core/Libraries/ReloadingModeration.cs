using SourceBot.Core.Import;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Libraries;

/// <summary>
/// A library's moderation that tells the hub when a publish or rollback succeeded, for a library that had no engine to swap
/// (its first publish): the hub then loads the library afresh at the next question.
/// </summary>
internal sealed class ReloadingModeration(IKnowledgeModeration inner, Action? published) : IKnowledgeModeration
{
    public string LibraryId => inner.LibraryId;

    public Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, string? why, CancellationToken cancellationToken) =>
        inner.AddSourceAsync(actor, fileName, content, why, cancellationToken);

    public Task<string?> DraftPassageTextAsync(string passageId, CancellationToken cancellationToken) => inner.DraftPassageTextAsync(passageId, cancellationToken);

    public Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken) =>
        inner.EditPassageAsync(actor, passageId, newText, why, cancellationToken);

    public Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken) =>
        inner.SetHiddenAsync(actor, passageId, hidden, why, cancellationToken);

    public Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken) =>
        inner.TeachAsync(actor, question, passageId, why, cancellationToken);

    public Task<IReadOnlyList<TeachCandidate>> TeachCandidatesAsync(string question, int count, CancellationToken cancellationToken) =>
        inner.TeachCandidatesAsync(question, count, cancellationToken);

    public Task<PreviewReport> PreviewAsync(CancellationToken cancellationToken) => inner.PreviewAsync(cancellationToken);

    public async Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken) =>
        Notify(await inner.PublishAsync(actor, why, cancellationToken).ConfigureAwait(false));

    public async Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken) =>
        Notify(await inner.RollbackAsync(actor, version, why, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<ChangeRecord>> ListHistoryAsync(CancellationToken cancellationToken) => inner.ListHistoryAsync(cancellationToken);

    public Task<int?> LiveVersionAsync(CancellationToken cancellationToken) => inner.LiveVersionAsync(cancellationToken);

    public Task<GapReport> GapsAsync(DateTimeOffset? since, CancellationToken cancellationToken) => inner.GapsAsync(since, cancellationToken);

    private PublishResult Notify(PublishResult result)
    {
        if (result.Succeeded) published?.Invoke();
        return result;
    }
}
