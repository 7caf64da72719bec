using SourceBot.Core.Evaluation;
using SourceBot.Core.Tests.Engine;

namespace SourceBot.Core.Tests.Evaluation;

[Collection(SeedEngineCollection.Name)]
public sealed class DevSetQualityTests(SeedEngineFixture fixture)
{
    [Fact]
    public void SourceBot_quote_hit_at_1_is_at_least_the_BM25_baseline_of_the_same_run()
    {
        var questions = QuestionSet.Load(RepositoryPaths.DevQuestions);

        var report = Evaluator.Run(fixture.Engine, questions);

        var bm25 = report.Rows[0];
        var sourceBot = report.Rows[^1];
        Assert.StartsWith("BM25", bm25.System);
        Assert.StartsWith("SourceBot", sourceBot.System);
        Assert.True(sourceBot.QuoteHitAt1 >= bm25.QuoteHitAt1,
            $"SourceBot quote hit@1 {sourceBot.QuoteHitAt1:0.000} fell below BM25's {bm25.QuoteHitAt1:0.000}");
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
