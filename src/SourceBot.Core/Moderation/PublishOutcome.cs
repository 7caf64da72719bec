namespace SourceBot.Core.Moderation;

/// <summary>How a publish or rollback ended.</summary>
public enum PublishOutcome
{
    /// <summary>A new version is live.</summary>
    Published,

    /// <summary>The draft equals the live version: nothing was published.</summary>
    NothingToPublish,

    /// <summary>Refused: a bad file, a version that does not exist; the live version is unchanged.</summary>
    Refused,

    /// <summary>Another publish or an edit is running; try again when it finishes.</summary>
    Busy,

    /// <summary>Training or checking the new models failed; the live version is unchanged.</summary>
    TrainingFailed,

    /// <summary>The store could not be read or written; the live version is unchanged.</summary>
    StoreFailed,
}
