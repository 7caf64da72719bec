using System.Text.RegularExpressions;
using SourceBot.Core.Answers;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Tests.Engine;

namespace SourceBot.Core.Tests.Answers;

[Collection(SeedEngineCollection.Name)]
public sealed class AnswerTests(SeedEngineFixture fixture)
{
    private Answer Ask(string q) => fixture.Engine.Ask(q);

    [Fact]
    public void Accession_question_quotes_the_1982_sentence_with_its_footnote_text()
    {
        var answer = Ask("When did China accede to the 1951 Refugee Convention?");

        Assert.True(answer.Answered, answer.Reason);
        Assert.Contains("In 1982, China acceded", answer.Quote);
        Assert.NotEmpty(answer.Footnotes);
        Assert.All(answer.Footnotes, f => Assert.False(string.IsNullOrWhiteSpace(f.Text)));
    }

    [Fact]
    public void Quote_is_a_verbatim_slice_of_the_passage_of_at_most_three_sentences()
    {
        var answer = Ask("Why can't China's refugee policy be challenged at the International Court of Justice?");

        Assert.True(answer.Answered, answer.Reason);
        Assert.Contains(answer.Quote!, answer.PassageText);
        Assert.InRange(SourceBot.Core.Text.SentenceSplitter.Split(answer.Quote!).Count, 1, 3);
    }

    [Fact]
    public void Quote_stays_within_the_word_budget_unless_one_sentence_is_longer()
    {
        var answer = Ask("What are the obligations under the Convention against Torture?");

        Assert.True(answer.Answered, answer.Reason);
        int sentences = SourceBot.Core.Text.SentenceSplitter.Split(answer.Quote!).Count;
        Assert.True(sentences == 1 || WordCounter.Count(answer.Quote!) <= fixture.Options.MaxQuoteWords,
            $"{sentences} sentences, {WordCounter.Count(answer.Quote!)} words");
    }

    [Fact]
    public void Footnotes_are_exactly_those_the_quoted_sentences_cite_when_they_cite_any()
    {
        var answer = Ask("When did China accede to the 1951 Refugee Convention?");

        var cited = Regex.Matches(answer.Quote!, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)).Distinct().Order();
        Assert.Equal(cited, answer.Footnotes.Select(f => f.Number).Order());
    }

    [Fact]
    public void Footnote_text_is_searchable_through_the_passage_that_cites_it()
    {
        // Only 003's footnote [9] explains the word; the passage citing [9] must rank first through it. (Ranking, not the
        // answer: whether the decline model then quotes it is a quality question the eval measures.)
        var snapshot = fixture.Engine.Snapshot;
        var question = "What does the term snakehead connote?";
        var query = new Query(question, snapshot.Corpus, snapshot.EmbedQuestion(question));

        var top = snapshot.Ranker.Rank(query).Passages[0];

        var passage = snapshot.Corpus.Passages[top.Passage].Passage;
        Assert.Equal("003", passage.SourceId);
        Assert.Contains(fixture.Engine.GetPassage(passage.Id)!.Footnotes, f => f.Number == 9 && f.Text.Contains("snakehead", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Source_without_footnotes_is_cited_as_a_whole()
    {
        var answer = Ask("What is the Jilin provincial regulation on frontier administration?");

        Assert.True(answer.Answered, answer.Reason);
        Assert.Equal("001", answer.SourceId);
        Assert.Empty(answer.Footnotes);
        Assert.NotNull(answer.Citation);
        Assert.Contains("cited as a whole", answer.Reason);
    }

    [Fact]
    public void Citation_names_author_title_publisher_and_date()
    {
        var answer = Ask("When did China accede to the 1951 Refugee Convention?");

        var c = answer.Citation!;
        Assert.NotEmpty(c.Authors);
        Assert.False(string.IsNullOrWhiteSpace(c.Title));
        Assert.False(string.IsNullOrWhiteSpace(c.Publisher));
        Assert.NotNull(c.ParsedDate);
    }

    [Fact]
    public void Bare_topic_word_the_sources_cover_is_answered()
    {
        var answer = Ask("songbun");

        Assert.True(answer.Answered, answer.Reason);
        Assert.Contains("songbun", answer.PassageText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("What is the best recipe for chocolate cake?")]
    [InlineData("xqzvbl wrrpt fnordle")]
    public void Off_topic_or_gibberish_gets_not_covered_with_nearest_topics(string question)
    {
        var answer = Ask(question);

        Assert.Equal(AnswerOutcome.NotCovered, answer.Outcome);
        Assert.Null(answer.Quote);
        Assert.NotEmpty(answer.NearestTopics);
    }

    [Fact]
    public void Alternatives_are_other_passages_than_the_answer()
    {
        var answer = Ask("Why did China restrict the UNHCR branch office?");

        Assert.NotEmpty(answer.Alternatives);
        Assert.DoesNotContain(answer.Alternatives, a => a.PassageId == answer.PassageId);
    }

    [Fact]
    public void Read_around_links_neighbouring_passages_of_the_same_source()
    {
        var answer = Ask("When did China accede to the 1951 Refugee Convention?");
        var view = fixture.Engine.GetPassage(answer.PassageId!)!;

        Assert.NotNull(view.NextPassageId);
        var next = fixture.Engine.GetPassage(view.NextPassageId!)!;
        Assert.Equal(view.SourceId, next.SourceId);
        Assert.Equal(view.PassageId, next.PreviousPassageId);
        Assert.Equal(view.Position + 1, next.Position);
    }

    [Fact]
    public void Unknown_passage_id_reads_as_null()
    {
        Assert.Null(fixture.Engine.GetPassage("nope#p999"));
    }
}
