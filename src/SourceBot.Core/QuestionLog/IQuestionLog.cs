using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;

namespace SourceBot.Core.QuestionLog;

/// <summary>One logged question: what was asked, where, what answered it (if anything), how sure, and the reader's vote.</summary>
/// <param name="Channel">Where it was asked: "cli", "discord", ...</param>
/// <param name="UserId">An opaque id of the asker (a Discord user id), or null; never a name.</param>
/// <param name="Feedback">The latest vote on the answer: -1 (👎), 1 (👍), or null.</param>
public sealed record LoggedQuestion(
    long Id,
    DateTimeOffset At,
    string Question,
    bool Answered,
    string Outcome,
    string? PassageId,
    double Score,
    string Channel,
    string? UserId,
    string? KnowledgeHash,
    int? Feedback);

/// <summary>
/// The question log: every question with its answer, score and feedback, for `gaps` (what the sources miss) and for
/// previewing a draft against real questions. Front ends record each answered question and each vote.
/// </summary>
public interface IQuestionLog
{
    /// <summary>Logs a question and its answer; returns the entry's id (to attach feedback to later).</summary>
    Task<long> RecordAsync(Answer answer, string channel, string? userId = null, string? knowledgeHash = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the vote on one logged answer; false when no such entry exists.</summary>
    Task<bool> RecordFeedbackAsync(long id, FeedbackVote vote, CancellationToken cancellationToken = default);

    /// <summary>Sets the vote on the latest logged answer of this question from this passage; false when none is logged.</summary>
    Task<bool> RecordFeedbackAsync(string question, string passageId, FeedbackVote vote, CancellationToken cancellationToken = default);

    /// <summary>The most recent entries, newest first.</summary>
    Task<IReadOnlyList<LoggedQuestion>> RecentAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Entries that got no answer (not covered) or a 👎, oldest first.</summary>
    Task<IReadOnlyList<LoggedQuestion>> MissesAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default);
}
