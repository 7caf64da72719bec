using System.Globalization;
using System.Text;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;

namespace SourceBot.Cli;

/// <summary>
/// The `chat` loop: a line is a question, unless it starts with ':' — then it is one of the commands a student uses to check
/// an answer, as the Discord buttons do: read the passage around the quote, page to the neighbouring passages, see the other
/// matches, and cite the source in APA, MLA or Chicago style.
/// </summary>
public sealed class ChatSession(IAnswerService answers, TextReader input, TextWriter output, Func<Answer, CancellationToken, Task>? onAnswer = null)
{
    public const string Help = """
        Type a question, or one of:
          :passage      the whole passage the last answer quotes, with its footnotes
          :prev, :next  the passage before / after the one shown last, in the same source
          :passage ID   a passage by id (as shown after "passage" or "also see")
          :more         the other matches for the last question
          :cite         the last answer's source in APA, MLA and Chicago style
          :sources      the sources SourceBot answers from
          :help         this list
        An empty line or Ctrl+D quits.
        """;

    private Answer? _lastAnswer;
    private PassageView? _shown;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var info = answers.Info;
        await output.WriteLineAsync($"SourceBot {info.CodeVersion}: {info.SourceCount} sources, {info.PassageCount} passages. Ask a question; an empty line quits, :help lists the commands.").ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(line)) break;
            await output.WriteLineAsync(await ReplyAsync(line.Trim(), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>The reply to one line: an answer, or what a command shows (never throws for bad input).</summary>
    public async Task<string> ReplyAsync(string line, CancellationToken cancellationToken)
    {
        if (!line.StartsWith(':'))
        {
            var answer = await answers.AskAsync(line, cancellationToken).ConfigureAwait(false);
            if (onAnswer is not null) await onAnswer(answer, cancellationToken).ConfigureAwait(false);
            _lastAnswer = answer;
            _shown = null;
            return AnswerFormatter.Text(answer);
        }
        var parts = line[1..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = parts.Length == 0 ? "" : parts[0].ToLowerInvariant();
        var argument = parts.Length > 1 ? parts[1] : null;
        return command switch
        {
            "help" or "h" or "?" => Help,
            "sources" => Sources(),
            "more" => More(),
            "cite" => Cite(),
            "passage" or "p" when argument is not null => Show(argument),
            "passage" or "p" => _lastAnswer is { PassageId: { } id } ? Show(id) : NeedsAnswer("passage"),
            "prev" or "previous" => Page(previous: true),
            "next" => Page(previous: false),
            _ => $"Unknown command ':{command}'. :help lists the commands.\n",
        };
    }

    private string Show(string passageId)
    {
        var view = answers.GetPassage(passageId);
        if (view is null) return $"There is no passage '{passageId}' (or it is hidden). Passage ids look like source#p4: the answers show them.\n";
        _shown = view;
        return Passage(view);
    }

    private string Page(bool previous)
    {
        var current = _shown ?? (_lastAnswer is { PassageId: { } id } ? answers.GetPassage(id) : null);
        if (current is null) return NeedsAnswer(previous ? "prev" : "next");
        var target = previous ? current.PreviousPassageId : current.NextPassageId;
        if (target is null) return previous ? $"{current.PassageId} is the first passage of its source.\n" : $"{current.PassageId} is the last passage of its source.\n";
        return Show(target);
    }

    private string More()
    {
        if (_lastAnswer is not { Answered: true }) return NeedsAnswer("more");
        if (_lastAnswer.Alternatives.IsEmpty) return "No other passage matches that question closely.\n";
        var sb = new StringBuilder();
        foreach (var a in _lastAnswer.Alternatives)
        {
            sb.Append(a.PassageId).Append("  (score ").Append(a.Score.ToString("0.00", CultureInfo.InvariantCulture)).AppendLine(")");
            sb.Append("  “").Append(a.Quote).AppendLine("”");
        }
        sb.AppendLine("(:passage ID shows one whole)");
        return sb.ToString();
    }

    private string Cite()
    {
        var citation = _shown?.Citation ?? _lastAnswer?.Citation;
        if (citation is null) return NeedsAnswer("cite");
        var sb = new StringBuilder();
        sb.Append("APA      ").AppendLine(citation.Format(CitationStyle.Apa));
        sb.Append("MLA      ").AppendLine(citation.Format(CitationStyle.Mla));
        sb.Append("Chicago  ").AppendLine(citation.Format(CitationStyle.Chicago));
        return sb.ToString();
    }

    private string Sources()
    {
        var sb = new StringBuilder();
        foreach (var s in answers.Sources)
        {
            sb.Append(s.SourceId).Append("  ").Append(s.Citation).Append(" (").Append(s.PassageCount).Append(" passages");
            if (!s.HasFootnotes) sb.Append(", no footnotes");
            sb.AppendLine(")");
        }
        return sb.ToString();
    }

    private static string Passage(PassageView view)
    {
        var sb = new StringBuilder();
        sb.Append(view.PassageId).Append(" (passage ").Append(view.Position).Append(" of ").Append(view.Count).AppendLine(" in this source)");
        sb.AppendLine(view.Text);
        AnswerFormatter.AppendFootnotesAndCitation(sb, view.Footnotes, view.Citation);
        var nav = new List<string>();
        if (view.PreviousPassageId is not null) nav.Add(":prev " + view.PreviousPassageId);
        if (view.NextPassageId is not null) nav.Add(":next " + view.NextPassageId);
        if (nav.Count > 0) sb.Append("  ").AppendLine(string.Join("   ", nav));
        return sb.ToString();
    }

    private string NeedsAnswer(string command) => _lastAnswer is { Answered: false }
        ? $"The last question got no answer, so there is nothing for :{command} yet; ask another.\n"
        : $":{command} works on the last answer; ask a question first.\n";
}
