namespace SourceBot.Core.Moderation;

/// <summary>
/// The moderation port of one library: what a front end (the Discord command group, a web page) needs to change a library's
/// knowledge, as an interface so front ends are tested with mocks. <see cref="LibraryModeration"/> is the implementation.
/// </summary>
public interface IKnowledgeModeration
{
    Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, string? why, CancellationToken cancellationToken);

    /// <summary>The library these commands change.</summary>
    string LibraryId { get; }

    /// <summary>The text of a passage in the draft, or null when the draft has no such passage.</summary>
    Task<string?> DraftPassageTextAsync(string passageId, CancellationToken cancellationToken);

    Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken);

    Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken);

    /// <summary>Teaches a question; <paramref name="passageId"/> null means "not covered".</summary>
    Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken);

    /// <summary>The top passages of the live engine for a question, to pick from when teaching.</summary>
    Task<IReadOnlyList<TeachCandidate>> TeachCandidatesAsync(string question, int count, CancellationToken cancellationToken);

    Task<PreviewReport> PreviewAsync(CancellationToken cancellationToken);

    Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken);

    Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChangeRecord>> ListHistoryAsync(CancellationToken cancellationToken);

    /// <summary>The live published version, or null before the first publish.</summary>
    Task<int?> LiveVersionAsync(CancellationToken cancellationToken);

    Task<GapReport> GapsAsync(DateTimeOffset? since, CancellationToken cancellationToken);
}
