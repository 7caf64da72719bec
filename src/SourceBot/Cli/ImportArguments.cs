using System.CommandLine;
using SourceBot.Core.Import;

namespace SourceBot.Cli;

/// <summary>
/// The page-dump argument and metadata options that `import` and `kb add` share (each verb words a few of them its own way),
/// and the <see cref="ImportOptions"/> they give.
/// </summary>
internal sealed class ImportArguments(string idDescription, string authorDescription, string dateDescription, string urlDescription)
{
    public Argument<FileInfo> File { get; } = new("file") { Description = "The raw page text (a copy of the web page as plain text)." };
    public Option<string?> Id { get; } = new("--id") { Description = idDescription };
    public Option<string?> Title { get; } = new("--title") { Description = "Title, when the page's own is missing or wrong." };
    public Option<string[]> Authors { get; } = new("--author") { Description = authorDescription };
    public Option<string?> Publisher { get; } = new("--publisher") { Description = "Publisher, when the page does not name it." };
    public Option<string?> Date { get; } = new("--date") { Description = dateDescription };
    public Option<string?> Url { get; } = new("--url") { Description = urlDescription };

    /// <summary>Adds the file argument and the metadata options, in this order, to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        foreach (var option in new Option[] { Id, Title, Authors, Publisher, Date, Url }) command.Options.Add(option);
    }

    public ImportOptions Options(ParseResult parse, bool dryRun = false) => new(
        parse.GetValue(Id), parse.GetValue(Title), parse.GetValue(Authors) is { Length: > 0 } a ? a : null,
        parse.GetValue(Publisher), parse.GetValue(Date), parse.GetValue(Url), DryRun: dryRun);

    /// <summary>The page dump, or null after saying on stderr that it does not exist (a usage mistake: the verb exits 2).</summary>
    public FileInfo? ExistingFile(ParseResult parse)
    {
        var file = parse.GetValue(File)!;
        if (file.Exists) return file;
        Console.Error.WriteLine($"No such file: {file.FullName}");
        return null;
    }
}
