namespace SourceBot.Core.Feedback;

/// <summary>Stores 👍 / 👎 votes on answers. One vote per user, question and passage: voting again replaces the earlier vote.</summary>
public interface IFeedbackStore
{
    /// <summary>Records (or replaces) a user's vote and returns the stored entry, stamped with the store's clock.</summary>
    Task<FeedbackEntry> RecordAsync(string question, string passageId, string userId, FeedbackVote vote, CancellationToken cancellationToken = default);

    /// <summary>All stored votes, oldest first; optionally only those on one passage.</summary>
    Task<IReadOnlyList<FeedbackEntry>> ListAsync(string? passageId = null, CancellationToken cancellationToken = default);
}
