using SourceBot.Core.Answers;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Text;

namespace SourceBot.Core.Tests.Answers;

public sealed class QuoteFootnoteTests
{
    private static (Corpus Corpus, AnalyzedPassage Passage) OnePassage(string text)
    {
        var source = new Source("s", new SourceMetadata("T", ["A B"], "P", "2020-01-01", null),
            [new Passage("s#p1", "s", text)], [new Footnote(4, "Note four."), new Footnote(5, "Note five.")], 2);
        var corpus = new Corpus(new KnowledgeBase([source]), new TextAnalysis());
        return (corpus, corpus.Passages[0]);
    }

    [Fact]
    public void Quote_with_its_own_markers_cites_exactly_those()
    {
        var (corpus, p) = OnePassage("Walruses sing loudly.[5] Penguins dance at dawn. Seals sleep.[4]");
        var quote = QuoteSelector.Select(new Query("walruses sing", corpus), p, corpus, 10);

        Assert.Equal([5], QuoteSelector.FootnotesFor(p, quote).ToArray());
    }

    [Fact]
    public void Quote_without_markers_cites_the_note_of_the_sentence_right_after_it()
    {
        var (corpus, p) = OnePassage("Walruses sing loudly at dawn in the far north. Seals sleep at night.[4] Otters swim.[5]");
        var quote = QuoteSelector.Select(new Query("walruses sing", corpus), p, corpus, 10);

        Assert.DoesNotContain("[", quote.Text);
        Assert.Equal([4], QuoteSelector.FootnotesFor(p, quote).ToArray());
    }

    [Fact]
    public void Quote_without_markers_cites_the_note_closing_the_passage_when_nothing_cites_in_between()
    {
        var (corpus, p) = OnePassage("Walruses sing loudly at dawn in the far north. Penguins dance at noon. Seals sleep at night.[4]");
        var quote = QuoteSelector.Select(new Query("walruses sing", corpus), p, corpus, 10);

        Assert.Equal([4], QuoteSelector.FootnotesFor(p, quote).ToArray());
    }

    [Fact]
    public void A_note_inside_the_passage_belonging_to_other_sentences_is_not_borrowed()
    {
        var (corpus, p) = OnePassage("Walruses sing loudly at dawn in the far north. Penguins dance at noon. Seals sleep at night.[4] Otters swim.[5]");
        var quote = QuoteSelector.Select(new Query("walruses sing", corpus), p, corpus, 10);

        Assert.Empty(QuoteSelector.FootnotesFor(p, quote).ToArray());
    }

    [Fact]
    public void Quote_after_the_last_marker_cites_nothing()
    {
        var (corpus, p) = OnePassage("Seals sleep at night.[4] Walruses sing loudly at dawn in the far north.");
        var quote = QuoteSelector.Select(new Query("walruses sing", corpus), p, corpus, 10);

        Assert.Empty(QuoteSelector.FootnotesFor(p, quote).ToArray());
    }
}
