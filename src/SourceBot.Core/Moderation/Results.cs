using System.Collections.Immutable;
using SourceBot.Core.Answers;
using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;
using SourceBot.Core.QuestionLog;

namespace SourceBot.Core.Moderation;

/// <summary>
/// The outcome of a draft change: whether it was made (and how it was refused), a message for the moderator, and the history
/// entry it wrote. Front ends choose their wording and tone by <see cref="Outcome"/>; the message is the default wording,
/// and each front end says in its own words that a change is a draft until published (<see cref="Change"/> has its number).
/// </summary>
public sealed record KbResult(bool Succeeded, string Message, ChangeRecord? Change = null, ImportReport? ImportReport = null)
{
    public KbOutcome Outcome { get; init; } = Succeeded ? KbOutcome.Changed : KbOutcome.Refused;

    public static KbResult Fail(string message, KbOutcome outcome = KbOutcome.Refused) => new(false, message) { Outcome = outcome };
}

/// <summary>The outcome of a publish or rollback. On failure the live version is unchanged and the message says why.</summary>
public sealed record PublishResult(bool Succeeded, string Message, VersionManifest? Version = null, ImmutableArray<string> Warnings = default, ChangeRecord? Change = null)
{
    public PublishOutcome Outcome { get; init; } = Succeeded ? PublishOutcome.Published : PublishOutcome.Refused;

    public static PublishResult Fail(string message, PublishOutcome outcome = PublishOutcome.Refused) => new(false, message, Warnings: []) { Outcome = outcome };
}

/// <summary>One question whose answer differs between the live version and the draft.</summary>
/// <param name="Origin">Where the question came from: "taught", "log" or "file".</param>
public sealed record AnswerChange(string Question, string Origin, Answer Live, Answer Draft);

/// <summary>What a preview replayed and which answers change. <see cref="Changes"/> lists exactly the changed answers.</summary>
public sealed record PreviewReport(bool Succeeded, string Message, int QuestionCount, int LiveVersion, ImmutableArray<string> DraftChanges, ImmutableArray<AnswerChange> Changes)
{
    public static PreviewReport Fail(string message) => new(false, message, 0, 0, [], []);
}

/// <summary>A passage a moderator can pick when teaching: its id, a short quote and the ranker's score.</summary>
public sealed record TeachCandidate(string PassageId, string SourceId, string Quote, double Score);

/// <summary>A taught question as listed for review: whether it is live yet, and whether its passage still answers.</summary>
public sealed record TaughtListing(TaughtQuestion Taught, bool Published, string PassageState);

/// <summary>Metadata fields to change; null leaves a field as it is, an empty string clears it (the title cannot be cleared).</summary>
public sealed record MetadataEdit(string? Title = null, IReadOnlyList<string>? Authors = null, string? Publisher = null, string? Date = null, string? Url = null)
{
    public bool IsEmpty => Title is null && Authors is null && Publisher is null && Date is null && Url is null;
}

/// <summary>Draft and live at a glance.</summary>
public sealed record KnowledgeStatus(int? LiveVersion, string LiveHash, string DraftHash, ImmutableArray<string> UnpublishedChanges, string? DraftError);

/// <summary>The gap report: similar missed questions grouped, most asked first.</summary>
public sealed record GapReport(int MissCount, ImmutableArray<Gap> Gaps);
