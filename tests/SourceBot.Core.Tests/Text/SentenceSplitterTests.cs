using SourceBot.Core.Text;

namespace SourceBot.Core.Tests.Text;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Footnote_marker_after_the_full_stop_stays_with_its_sentence()
    {
        var s = SentenceSplitter.SplitText("China signed it in 1982.[5] It has not complied.");

        Assert.Equal(["China signed it in 1982.[5]", "It has not complied."], s);
    }

    [Fact]
    public void Abbreviations_and_initials_do_not_end_a_sentence()
    {
        var s = SentenceSplitter.SplitText("The U.S. and Dr. Kim met Mr. J. Smith at the U.N. office. Then they left.");

        Assert.Equal(2, s.Count);
    }

    [Fact]
    public void No_before_a_number_is_an_abbreviation_but_ends_a_sentence_elsewhere()
    {
        Assert.Single(SentenceSplitter.SplitText("See Resolution No. 5 of the council."));
        Assert.Equal(2, SentenceSplitter.SplitText("He said “no.” Then he left.").Count);
    }

    [Fact]
    public void Closing_quotes_stay_with_their_sentence()
    {
        var s = SentenceSplitter.SplitText("He said “they are migrants.” The UN disagreed.");

        Assert.Equal(["He said “they are migrants.”", "The UN disagreed."], s);
    }

    [Fact]
    public void Bullet_items_are_sentences_of_their_own()
    {
        var s = SentenceSplitter.SplitText("Options include:  • first item  • second item");

        Assert.Equal(["Options include:", "• first item", "• second item"], s);
    }

    [Fact]
    public void Spans_slice_the_original_text_verbatim()
    {
        const string text = "One.  Two? Three!";

        Assert.Equal(["One.", "Two?", "Three!"], SentenceSplitter.Split(text).Select(s => s.Of(text)));
    }
}
