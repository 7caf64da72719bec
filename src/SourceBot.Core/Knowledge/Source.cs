using System.Collections.Immutable;

namespace SourceBot.Core.Knowledge;

/// <summary>Bibliographic facts about a source, as far as they are known. Unknown fields stay null rather than invented.</summary>
public sealed record SourceMetadata(
    string Title,
    ImmutableArray<string> Authors,
    string? Publisher,
    string? Date,
    string? Url,
    string? Note = null)
{
    public static SourceMetadata Untitled { get; } = new("Untitled", [], null, null, null);
}

/// <summary>One entry of a source's own footnote list.</summary>
public sealed record Footnote(int Number, string Text);

/// <summary>
/// A paragraph of a source's body. <see cref="Id"/> is stable for the life of the passage: it is written into the knowledge
/// file and never derived from position, because taught questions, feedback and past replies refer to it.
/// </summary>
public sealed record Passage(string Id, string SourceId, string Text, bool Hidden = false)
{
    /// <summary>The local part of the id as written in the knowledge file (for "003#p4" this is "p4").</summary>
    public string LocalId => Id[(Id.IndexOf('#') + 1)..];

    /// <summary>Footnote numbers cited by inline markers such as "[12]" in the passage text, in order of first appearance.</summary>
    public ImmutableArray<int> FootnoteNumbers => FootnoteMarkers.NumbersIn(Text);
}

/// <summary>A source: its metadata, its body as passages, and its footnote list.</summary>
public sealed record Source(
    string Id,
    SourceMetadata Metadata,
    ImmutableArray<Passage> Passages,
    ImmutableArray<Footnote> Footnotes,
    int NextPassageNumber)
{
    public Footnote? FindFootnote(int number)
    {
        foreach (var f in Footnotes)
        {
            if (f.Number == number) return f;
        }
        return null;
    }

    /// <summary>Sources with no footnote list are cited as a whole.</summary>
    public bool HasFootnotes => !Footnotes.IsDefaultOrEmpty;

    public static string PassageId(string sourceId, int number) => $"{sourceId}#p{number}";
}
