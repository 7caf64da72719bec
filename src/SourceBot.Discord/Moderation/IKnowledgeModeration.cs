using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;

namespace SourceBot.Discord.Moderation;

/// <summary>
/// What the Discord moderator commands need from Core's <see cref="KnowledgeService"/>, as an interface so the handlers can be
/// tested with mocks. <see cref="KnowledgeModeration"/> is the real implementation.
/// </summary>
public interface IKnowledgeModeration
{
    Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, string? why, CancellationToken cancellationToken);

    /// <summary>The text of a passage in the draft (the knowledge folder), or null when the draft has no such passage.</summary>
    string? DraftPassageText(string passageId);

    Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken);

    Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken);

    /// <summary>Teaches a question; <paramref name="passageId"/> null means "not covered".</summary>
    Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken);

    /// <summary>The top passages of the live engine for a question, to pick from when teaching.</summary>
    IReadOnlyList<TeachCandidate> TeachCandidates(string question, int count);

    Task<PreviewReport> PreviewAsync(CancellationToken cancellationToken);

    Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken);

    Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken);

    IReadOnlyList<ChangeRecord> ListHistory();

    /// <summary>The live published version, or null before the first publish.</summary>
    int? LiveVersion { get; }

    Task<GapReport> GapsAsync(DateTimeOffset? since, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IKnowledgeModeration"/> over the host's <see cref="KnowledgeService"/> and the live <see cref="AnswerEngine"/>. The
/// service must have been built with that same engine instance (the one the bot answers from as its IAnswerService), so a
/// publish or rollback from Discord swaps the engine the running bot answers from.
/// </summary>
public sealed class KnowledgeModeration : IKnowledgeModeration
{
    private readonly KnowledgeService _service;
    private readonly AnswerEngine _live;

    public KnowledgeModeration(KnowledgeService service, AnswerEngine live)
    {
        _service = service;
        _live = live;
    }

    public Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, string? why, CancellationToken cancellationToken) =>
        _service.AddSourceAsync(actor, fileName, content, null, why, cancellationToken);

    public string? DraftPassageText(string passageId) => KnowledgeDirectory.Load(_service.DraftPath).FindPassage(passageId)?.Text;

    public Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken) =>
        _service.EditPassageAsync(actor, passageId, newText, why, cancellationToken);

    public Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken) =>
        _service.SetHiddenAsync(actor, passageId, hidden, why, cancellationToken);

    public Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken) =>
        _service.TeachAsync(actor, question, passageId, why, cancellationToken);

    public IReadOnlyList<TeachCandidate> TeachCandidates(string question, int count) => KnowledgeService.TeachCandidates(_live, question, count);

    public Task<PreviewReport> PreviewAsync(CancellationToken cancellationToken) => _service.PreviewAsync(null, cancellationToken);

    public Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken) => _service.PublishAsync(actor, why, cancellationToken);

    public Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken) =>
        _service.RollbackAsync(actor, version, why, cancellationToken);

    public IReadOnlyList<ChangeRecord> ListHistory() => _service.ListHistory();

    public int? LiveVersion => _service.Versions.Latest()?.Version;

    public Task<GapReport> GapsAsync(DateTimeOffset? since, CancellationToken cancellationToken) => _service.GapsAsync(since, cancellationToken);
}
