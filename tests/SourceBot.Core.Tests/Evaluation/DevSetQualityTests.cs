using SourceBot.Core.Evaluation;
using SourceBot.Core.Tests.Engine;

namespace SourceBot.Core.Tests.Evaluation;

[Collection(SeedEngineCollection.Name)]
public sealed class DevSetQualityTests(SeedEngineFixture fixture)
{
    [Fact]
    public void SourceBot_quote_hit_at_1_stays_above_its_floor_and_ahead_of_BM25()
    {
        var questions = QuestionSet.Load(RepositoryPaths.DevQuestions);

        var report = Evaluator.Run(fixture.Engine, questions);

        var bm25 = report.Rows[0];
        var sourceBot = report.SourceBot;
        Assert.StartsWith("BM25", bm25.System);
        Assert.True(sourceBot.QuoteHitAt1 >= QualityFloors.DevQuoteHitAt1, $"SourceBot quote hit@1 {sourceBot.QuoteHitAt1:0.000} < {QualityFloors.DevQuoteHitAt1}");
        Assert.True(sourceBot.QuoteHitAt1 > bm25.QuoteHitAt1, $"SourceBot quote hit@1 {sourceBot.QuoteHitAt1:0.000} is not above BM25's {bm25.QuoteHitAt1:0.000}");
    }

    [Fact]
    public void Off_topic_questions_are_refused_and_answerable_ones_are_answered()
    {
        var sourceBot = Evaluator.Run(fixture.Engine, QuestionSet.Load(RepositoryPaths.DevQuestions)).SourceBot;
        Assert.True(sourceBot.OffTopicRefused >= QualityFloors.DevOffTopicRefused, $"{sourceBot.OffTopicRefused}/{sourceBot.OffTopic} off-topic questions refused");
        Assert.True(sourceBot.AnswerableRefused <= QualityFloors.DevAnswerableRefusedAtMost, $"{sourceBot.AnswerableRefused}/{sourceBot.Answerable} answerable questions refused");
    }

    [Theory]
    // None of these is among the junk lines the decline model trains on.
    [InlineData("1' UNION SELECT NULL, NULL --")]
    [InlineData("<img src=x onerror=alert(document.cookie)>")]
    [InlineData("kjhsdf lkjweor pqowie")]
    [InlineData("!!??!!")]
    [InlineData("while(true){fork();}")]
    public void Junk_input_gets_no_quote(string junk)
    {
        Assert.False(fixture.Engine.Ask(junk).Answered);
    }

    [Fact]
    public void SourceBot_row_judges_the_answer_the_engine_gives_users()
    {
        var questions = QuestionSet.Load(RepositoryPaths.DevQuestions);

        var report = Evaluator.Run(fixture.Engine, questions);

        // Recount rank 1 from the engine's own answers: its quote, passage and footnotes; a declined answer is a refusal.
        var answers = questions.Select(q => (q, a: fixture.Engine.Ask(q.Question))).ToList();
        var answerable = answers.Where(x => x.q.Answerable).ToList();
        var cited = answerable.Where(x => x.q.Cite is { Count: > 0 }).ToList();
        var sourceBot = report.Rows[^1];
        Assert.Equal(Evaluator.SourceBotName, sourceBot.System);
        Assert.Equal(answerable.Count(x => x.a.Answered && QuestionSet.ContainsAny(x.a.Quote, x.q.Expect)) / (double)answerable.Count, sourceBot.QuoteHitAt1, 9);
        Assert.Equal(answerable.Count(x => x.a.Answered && QuestionSet.ContainsAny(x.a.PassageText, x.q.Expect)) / (double)answerable.Count, sourceBot.PassageHitAt1, 9);
        Assert.Equal(cited.Count(x => x.a.Footnotes.Any(f => QuestionSet.ContainsAny(f.Text, x.q.Cite))) / (double)Math.Max(1, cited.Count), sourceBot.FootnoteCiteAccuracy, 9);
        Assert.Equal(answerable.Count(x => !x.a.Answered), sourceBot.AnswerableRefused);
        Assert.Equal(answers.Count(x => x.q.OutOfScope && !x.a.Answered), sourceBot.OffTopicRefused);
        Assert.All(report.Misses, m => Assert.Equal(answers.Single(x => x.q.Question == m.Question).a.Quote, m.Quote));
        Assert.True(sourceBot.QuoteHitAt3 >= sourceBot.QuoteHitAt1 && sourceBot.QuoteMrr >= sourceBot.QuoteHitAt1);
    }

    [Fact]
    public void Normalisation_matches_curly_quotes_case_and_spacing()
    {
        Assert.True(QuestionSet.ContainsAny("China’s   “policy”\nIS", ["china's \"policy\" is"]));
    }

    [Fact]
    public void Question_file_with_a_broken_line_is_rejected_with_its_line_number()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["{\"q\": \"fine\", \"out_of_scope\": true}", "{not json"]);

            var ex = Assert.Throws<FormatException>(() => QuestionSet.Load(path));
            Assert.Contains(":2:", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
