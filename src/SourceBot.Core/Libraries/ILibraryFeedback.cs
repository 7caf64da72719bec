using SourceBot.Core.Feedback;

namespace SourceBot.Core.Libraries;

/// <summary>Where 👍/👎 votes go: the feedback of the library that gave the answer, so `kb gaps` of one library never counts another's votes.</summary>
public interface ILibraryFeedback
{
    /// <summary>The feedback store of <paramref name="libraryId"/>, or null when that library keeps no votes.</summary>
    Task<IFeedbackStore?> ForLibraryAsync(string libraryId, CancellationToken cancellationToken = default);
}
