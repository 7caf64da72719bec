using SourceBot.Core.Feedback;

namespace SourceBot.Core.Libraries;

/// <summary>Where a server's 👍/👎 votes go: the feedback of the library the server uses, so `kb gaps` of one library never counts another's votes.</summary>
public interface ILibraryFeedback
{
    /// <summary>The feedback store of the server's library, or null when that library keeps no votes.</summary>
    Task<IFeedbackStore?> ForServerAsync(string? serverId, CancellationToken cancellationToken = default);
}
