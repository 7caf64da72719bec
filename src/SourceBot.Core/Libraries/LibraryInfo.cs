namespace SourceBot.Core.Libraries;

/// <summary>A library: a knowledge set with its own sources, taught questions, versions, history and question log.</summary>
/// <param name="CopiedFrom">The library whose draft it started as a copy of, or null when it started empty.</param>
public sealed record LibraryInfo(string Id, DateTimeOffset CreatedAt, string CreatedById, string CreatedByName, string? CopiedFrom);
