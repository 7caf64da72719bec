namespace SourceBot.Core.Feedback;

/// <summary>A reader's vote on an answer.</summary>
public enum FeedbackVote
{
    Down = -1,
    Up = 1,
}

/// <summary>
/// One vote on one answer: the question that was asked, the passage that answered it, who voted (an opaque user id, e.g. a
/// Discord snowflake) and when. Deliberately nothing else: no message text, no names, no channel.
/// </summary>
public sealed record FeedbackEntry(string Question, string PassageId, string UserId, FeedbackVote Vote, DateTimeOffset RecordedAt);
