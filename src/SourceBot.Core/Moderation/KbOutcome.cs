namespace SourceBot.Core.Moderation;

/// <summary>How a draft change ended.</summary>
public enum KbOutcome
{
    /// <summary>The draft changed and the change is in the history.</summary>
    Changed,

    /// <summary>Refused: bad input, a limit, a duplicate; nothing changed.</summary>
    Refused,

    /// <summary>The passage, source or taught question named does not exist.</summary>
    NotFound,

    /// <summary>The draft is already like that.</summary>
    NoChange,

    /// <summary>Someone else is changing or publishing the library; try again in a moment.</summary>
    Busy,

    /// <summary>The store could not be read or written; nothing changed.</summary>
    StoreFailed,
}
