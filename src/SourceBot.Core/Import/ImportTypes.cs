using System.Collections.Immutable;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Import;

/// <summary>
/// Overrides for what the page lacks or gets wrong. A null field means "take what the page says"; the importer never
/// invents a value the page does not contain, so a URL or publisher the page never names must be given here or stay unknown.
/// </summary>
/// <param name="SourceId">The source id (file name in the knowledge folder). Default: the raw file name's prefix before '_'
/// when it looks like an id ("003_5cd9.txt" gives "003"), else a short slug of the title.</param>
/// <param name="DryRun">For <see cref="SourceImporter.ImportInto"/>: work out ids and the report but write nothing.</param>
public sealed record ImportOptions(
    string? SourceId = null,
    string? Title = null,
    IReadOnlyList<string>? Authors = null,
    string? Publisher = null,
    string? Date = null,
    string? Url = null,
    string? Note = null,
    bool DryRun = false)
{
    public static ImportOptions Default { get; } = new();
}

/// <summary>The imported source and what the importer did to get it.</summary>
/// <param name="Path">The knowledge file written by <see cref="SourceImporter.ImportInto"/>, or null (plain import, dry run).</param>
public sealed record ImportResult(Source Source, ImportReport Report, string? Path = null);

/// <summary>A page dump that cannot be imported: empty, binary, or without a findable article body. The message says which.</summary>
public sealed class ImportException : Exception
{
    public ImportException(string message) : base(message) { }

    public ImportException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Why a block of the page dump was left out of the source.</summary>
public enum DropReason
{
    /// <summary>Site banner, menu, site name or description, donate buttons.</summary>
    Navigation,
    /// <summary>The title, byline, date or credit lines: used as metadata, not as body text.</summary>
    Metadata,
    CategoryOrArchiveList,
    Comments,
    Dedication,
    AuthorBio,
    PhotoCaption,
    FirstPublished,
    FooterOrCopyright,
    ShareOrSubscribe,
    RelatedLinks,
    DuplicateOrPullQuote,
    /// <summary>An editor's summary (standfirst, dek) above the article, written about the author rather than by them.</summary>
    Summary,
    SectionHeading,
    ShortFragment,
    /// <summary>Text outside the article body that no more specific reason covers.</summary>
    OutsideArticle,
}

/// <summary>One block of the page dump that was left out: its raw line range, the reason, and its text.</summary>
public sealed record DroppedBlock(int FirstLine, int LastLine, DropReason Reason, string Text, int LineCount, string? Detail = null)
{
    public string Lines => FirstLine == LastLine ? $"line {FirstLine}" : $"lines {FirstLine}-{LastLine}";

    public string Preview => ImportReport.Shorten(Text, 60);

    public static string Label(DropReason reason) => reason switch
    {
        DropReason.Navigation => "navigation/site header",
        DropReason.Metadata => "metadata",
        DropReason.CategoryOrArchiveList => "category/archive list",
        DropReason.Comments => "comments",
        DropReason.Dedication => "dedication",
        DropReason.AuthorBio => "author bio",
        DropReason.PhotoCaption => "photo caption",
        DropReason.FirstPublished => "first published in",
        DropReason.FooterOrCopyright => "footer/copyright",
        DropReason.ShareOrSubscribe => "share/subscribe/contact",
        DropReason.RelatedLinks => "related links",
        DropReason.DuplicateOrPullQuote => "duplicate/pull quote",
        DropReason.Summary => "summary/standfirst",
        DropReason.SectionHeading => "section heading",
        DropReason.ShortFragment => "short fragment",
        _ => "outside article",
    };
}

/// <summary>A metadata field the importer settled on and where it came from ("line 24: ...", "override", "not found").</summary>
public sealed record MetadataFinding(string Field, string? Value, string Origin);

/// <summary>How passage ids of an existing source were carried over by a re-import.</summary>
/// <param name="Kept">Ids of paragraphs whose text is unchanged.</param>
/// <param name="KeptEdited">Ids kept for paragraphs whose text changed only a little.</param>
/// <param name="Added">Fresh ids, numbered from the existing source's next passage number.</param>
/// <param name="Removed">Ids of passages no longer in the page; they are never given out again.</param>
public sealed record PassageIdChanges(
    ImmutableArray<string> Kept,
    ImmutableArray<string> KeptEdited,
    ImmutableArray<string> Added,
    ImmutableArray<string> Removed);
