using System.Collections.Immutable;
using Moq;
using SourceBot.Cli;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;

namespace SourceBot.Tests.Cli;

/// <summary>`chat`: questions are answered; ':' commands read around the quote, list other matches and cite the source.</summary>
public sealed class ChatSessionTests
{
    private static readonly Citation Source = new(["Mo Harbour"], "Keepers of the Light", "Coast Magazine", "2018-09-30", "https://example.org/light");

    private static readonly Answer Answered = new(
        "How far can the beam be seen?", AnswerOutcome.Answered,
        "The Fresnel lens bends light into a narrow beam.[2]", [new FootnoteRef(2, "Lens catalogue, 1901.")], Source,
        "light", "light#p2", "The Fresnel lens bends light into a narrow beam.[2] It was invented in 1822.", 0.93, 0.5,
        [new Alternative("light#p1", "light", "Keepers polished the great lenses.", 0.21)], "", []);

    private static PassageView View(int position) => new(
        $"light#p{position}", "light", $"Text of passage {position}.[{position}]", [new FootnoteRef(position, $"Note {position}.")], Source,
        position > 1 ? $"light#p{position - 1}" : null, position < 3 ? $"light#p{position + 1}" : null, position, 3);

    private readonly Mock<IAnswerService> _answers = new();
    private readonly List<Answer> _logged = [];

    public ChatSessionTests()
    {
        _answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(Answered);
        _answers.Setup(a => a.GetPassage(It.IsAny<string>())).Returns((string id) =>
            id.StartsWith("light#p", StringComparison.Ordinal) && int.TryParse(id["light#p".Length..], out var n) && n is >= 1 and <= 3 ? View(n) : null);
        _answers.Setup(a => a.Sources).Returns([new SourceSummary("light", Source, 3, HasFootnotes: true)]);
        _answers.Setup(a => a.Info).Returns(new EngineInfo("1.0", "k", "m", 1, 3));
    }

    private ChatSession Session(string input = "", StringWriter? output = null) =>
        new(_answers.Object, new StringReader(input), output ?? new StringWriter(), (a, _) => { _logged.Add(a); return Task.CompletedTask; });

    [Fact]
    public async Task A_question_is_answered_with_quote_footnotes_and_citation_and_handed_to_the_question_log()
    {
        var reply = await Session().ReplyAsync("How far can the beam be seen?", default);

        Assert.Contains("“The Fresnel lens bends light into a narrow beam.[2]”", reply);
        Assert.Contains("[2] Lens catalogue, 1901.", reply);
        Assert.Contains("Mo Harbour, \"Keepers of the Light\"", reply);
        Assert.Same(Answered, Assert.Single(_logged));
    }

    [Fact]
    public async Task Passage_shows_the_whole_passage_of_the_last_answer_with_its_footnotes_and_place_in_the_source()
    {
        var chat = Session();
        await chat.ReplyAsync("How far can the beam be seen?", default);

        var reply = await chat.ReplyAsync(":passage", default);

        Assert.StartsWith("light#p2 (passage 2 of 3 in this source)", reply);
        Assert.Contains("Text of passage 2.[2]", reply);
        Assert.Contains("[2] Note 2.", reply);
        Assert.Contains(":prev light#p1", reply);
        Assert.Contains(":next light#p3", reply);
    }

    [Fact]
    public async Task Next_and_prev_page_through_the_source_and_say_where_it_ends()
    {
        var chat = Session();
        await chat.ReplyAsync("How far can the beam be seen?", default);

        Assert.StartsWith("light#p3 ", await chat.ReplyAsync(":next", default));
        Assert.Equal("light#p3 is the last passage of its source.\n", await chat.ReplyAsync(":next", default));
        Assert.StartsWith("light#p2 ", await chat.ReplyAsync(":prev", default));
        Assert.StartsWith("light#p1 ", await chat.ReplyAsync(":prev", default));
        Assert.Equal("light#p1 is the first passage of its source.\n", await chat.ReplyAsync(":prev", default));
    }

    [Fact]
    public async Task Cite_gives_the_source_in_apa_mla_and_chicago_style()
    {
        var chat = Session();
        await chat.ReplyAsync("How far can the beam be seen?", default);

        var lines = (await chat.ReplyAsync(":cite", default)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("APA      " + Source.Format(CitationStyle.Apa), lines[0]);
        Assert.Equal("MLA      " + Source.Format(CitationStyle.Mla), lines[1]);
        Assert.Equal("Chicago  " + Source.Format(CitationStyle.Chicago), lines[2]);
    }

    [Fact]
    public async Task More_lists_the_other_matches_with_their_quotes_and_scores()
    {
        var chat = Session();
        await chat.ReplyAsync("How far can the beam be seen?", default);

        var reply = await chat.ReplyAsync(":more", default);

        Assert.Contains("light#p1  (score 0.21)", reply);
        Assert.Contains("“Keepers polished the great lenses.”", reply);
    }

    [Theory]
    [InlineData(":passage")]
    [InlineData(":next")]
    [InlineData(":more")]
    [InlineData(":cite")]
    public async Task A_command_before_any_answer_asks_for_a_question_first(string command)
    {
        var reply = await Session().ReplyAsync(command, default);

        Assert.Equal($"{command} works on the last answer; ask a question first.\n", reply);
    }

    [Fact]
    public async Task An_unknown_command_is_named_and_points_to_help()
    {
        Assert.Equal("Unknown command ':frob'. :help lists the commands.\n", await Session().ReplyAsync(":frob", default));
    }

    [Fact]
    public async Task A_passage_id_that_does_not_exist_is_a_clear_reply()
    {
        var reply = await Session().ReplyAsync(":passage nowhere#p9", default);

        Assert.StartsWith("There is no passage 'nowhere#p9'", reply);
    }

    [Fact]
    public async Task Sources_lists_each_source_with_its_citation()
    {
        Assert.Equal("light  Mo Harbour, \"Keepers of the Light\", Coast Magazine, 30 September 2018 (3 passages)\n", await Session().ReplyAsync(":sources", default));
    }

    [Fact]
    public async Task The_loop_answers_each_line_until_an_empty_line()
    {
        var output = new StringWriter();

        await Session("How far?\n:cite\n\nnever asked\n", output).RunAsync(default);

        var text = output.ToString();
        Assert.StartsWith("SourceBot 1.0: 1 sources, 3 passages.", text);
        Assert.Contains("APA      ", text);
        Assert.Single(_logged);
        _answers.Verify(a => a.AskAsync("never asked", It.IsAny<CancellationToken>()), Times.Never);
    }
}
