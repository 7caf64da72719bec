namespace SourceBot.Core.Libraries;

/// <summary>How a library request ended; each front end words it its own way.</summary>
public enum LibraryOutcome
{
    Created,
    InvalidId,
    AlreadyExists,
    UnknownSource,
    TooManyLibraries,
    StoreFailed,
    Mapped,
    UnknownLibrary,
}
