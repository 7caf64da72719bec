using SourceBot.Core.Engine;

namespace SourceBot.Core.Moderation;

/// <summary>
/// <see cref="IKnowledgeModeration"/> over a library's <see cref="KnowledgeService"/> and the engine it answers from in this
/// process. The service must have been built with that same engine instance, so a publish or rollback swaps the engine the
/// running bot answers from.
/// </summary>
public sealed class LibraryModeration : IKnowledgeModeration
{
    private readonly KnowledgeService _service;
    private readonly Func<string, int, CancellationToken, Task<IReadOnlyList<TeachCandidate>>> _candidates;

    /// <param name="live">The engine the library answers from in this process; null for a library with no sources yet.</param>
    public LibraryModeration(KnowledgeService service, AnswerEngine? live)
        : this(service, (question, count, _) => Task.FromResult<IReadOnlyList<TeachCandidate>>(live is null ? [] : KnowledgeService.TeachCandidates(live, question, count)))
    {
    }

    /// <param name="candidates">The top passages of the engine the library answers from (for a library whose engine lives in an <see cref="EngineCache"/>).</param>
    public LibraryModeration(KnowledgeService service, Func<string, int, CancellationToken, Task<IReadOnlyList<TeachCandidate>>> candidates)
    {
        _service = service;
        _candidates = candidates;
    }

    public string LibraryId => _service.Store.LibraryId;

    public Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, string? why, CancellationToken cancellationToken) =>
        _service.AddSourceAsync(actor, fileName, content, null, why, cancellationToken);

    public Task<string?> DraftPassageTextAsync(string passageId, CancellationToken cancellationToken) => _service.DraftPassageTextAsync(passageId, cancellationToken);

    public Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken) =>
        _service.EditPassageAsync(actor, passageId, newText, why, cancellationToken);

    public Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken) =>
        _service.SetHiddenAsync(actor, passageId, hidden, why, cancellationToken);

    public Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken) =>
        _service.TeachAsync(actor, question, passageId, why, cancellationToken);

    public Task<IReadOnlyList<TeachCandidate>> TeachCandidatesAsync(string question, int count, CancellationToken cancellationToken) => _candidates(question, count, cancellationToken);

    public Task<PreviewReport> PreviewAsync(CancellationToken cancellationToken) => _service.PreviewAsync(null, cancellationToken);

    public Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken) => _service.PublishAsync(actor, why, cancellationToken);

    public Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken) =>
        _service.RollbackAsync(actor, version, why, cancellationToken);

    public async Task<IReadOnlyList<ChangeRecord>> ListHistoryAsync(CancellationToken cancellationToken) => await _service.ListHistoryAsync(cancellationToken).ConfigureAwait(false);

    public async Task<int?> LiveVersionAsync(CancellationToken cancellationToken) => (await _service.LatestVersionAsync(cancellationToken).ConfigureAwait(false))?.Version;

    public Task<GapReport> GapsAsync(DateTimeOffset? since, CancellationToken cancellationToken) => _service.GapsAsync(since, cancellationToken);
}
