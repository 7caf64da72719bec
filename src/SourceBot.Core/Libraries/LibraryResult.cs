namespace SourceBot.Core.Libraries;

/// <summary>A library request's result: the outcome, the library concerned, and a sentence for front ends without their own wording.</summary>
public sealed record LibraryResult(LibraryOutcome Outcome, string LibraryId, string Message)
{
    public bool Succeeded => Outcome is LibraryOutcome.Created or LibraryOutcome.Mapped;
}
