using Microsoft.Data.Sqlite;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Text;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>The SQLite question log, gap grouping, and the cross-process lock.</summary>
public sealed class QuestionLogTests : IDisposable
{
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    private static Answer Answered(string q, string passage, double score = 0.9) =>
        new(q, AnswerOutcome.Answered, "quote", [], null, passage.Split('#')[0], passage, "text", score, 0.1, [], "", []);

    private static Answer NotCovered(string q) => Answer.NoAnswer(q, AnswerOutcome.NotCovered, "not covered", []);

    [Fact]
    public async Task The_log_is_created_on_first_use_with_a_schema_version_and_keeps_answers_scores_and_feedback()
    {
        var path = Path.Combine(_kb.Root, "nested", "log.db");
        using var log = new SqliteQuestionLog(path);

        var id = await log.RecordAsync(Answered("Why do volcanoes explode?", "volcanoes#p2", 0.87), "discord", "42", "abc");
        await log.RecordAsync(NotCovered("Who won the cup?"), "cli");
        Assert.True(await log.RecordFeedbackAsync(id, FeedbackVote.Down));
        Assert.False(await log.RecordFeedbackAsync(999, FeedbackVote.Up));

        Assert.True(File.Exists(path));
        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version;";
            Assert.Equal(SqliteQuestionLog.SchemaVersion, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
        }
        var recent = await log.RecentAsync(10);
        Assert.Equal(["Who won the cup?", "Why do volcanoes explode?"], recent.Select(r => r.Question));
        var first = recent[1];
        Assert.Equal((true, "volcanoes#p2", 0.87, "discord", "42", "abc", (int?)-1), (first.Answered, first.PassageId, first.Score, first.Channel, first.UserId, first.KnowledgeHash, first.Feedback));
        Assert.Equal(["Why do volcanoes explode?", "Who won the cup?"], (await log.MissesAsync()).Select(m => m.Question));
    }

    [Fact]
    public async Task Feedback_by_question_and_passage_marks_the_latest_matching_entry()
    {
        await _kb.QuestionLog.RecordAsync(Answered("What is honey?", "bees#p2"), "discord");
        var later = await _kb.QuestionLog.RecordAsync(Answered("What is honey?", "bees#p2"), "discord");

        Assert.True(await _kb.QuestionLog.RecordFeedbackAsync("What is honey?", "bees#p2", FeedbackVote.Down));
        Assert.False(await _kb.QuestionLog.RecordFeedbackAsync("What is honey?", "bees#p9", FeedbackVote.Down));

        var miss = Assert.Single(await _kb.QuestionLog.MissesAsync());
        Assert.Equal(later, miss.Id);
    }

    [Fact]
    public void Similar_missed_questions_are_grouped_most_asked_first()
    {
        var t0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        var misses = new[]
        {
            new Miss("How tall is Mount Fuji?", t0, true, false, null),
            new Miss("Who invented the telescope?", t0.AddMinutes(1), true, false, null),
            new Miss("how tall is mount fuji", t0.AddMinutes(2), true, false, null),
            new Miss("What is the height of Mount Fuji?", t0.AddMinutes(3), false, true, "volcanoes#p1"),
            new Miss("How tall is Mount Fuji?", t0.AddMinutes(4), true, false, null),
        };
        using var analysis = new TextAnalysis();

        var gaps = GapFinder.Group(misses, analysis);

        Assert.Equal(2, gaps.Length);
        Assert.Equal("How tall is Mount Fuji?", gaps[0].Question);
        Assert.Equal((4, 3, 1), (gaps[0].Count, gaps[0].NoAnswerCount, gaps[0].DownVoteCount));
        Assert.Equal(["volcanoes#p1"], gaps[0].PassageIds.ToArray());
        Assert.Contains("What is the height of Mount Fuji?", gaps[0].Variants);
        Assert.Equal(("Who invented the telescope?", 1), (gaps[1].Question, gaps[1].Count));
    }

    [Fact]
    public async Task Gaps_join_the_question_log_and_thumbs_down_from_the_feedback_store()
    {
        using var feedback = new SqliteFeedbackStore(Path.Combine(_kb.Root, "feedback.db"));
        await feedback.RecordAsync("Why do volcanoes explode?", "volcanoes#p1", "7", FeedbackVote.Down);
        await feedback.RecordAsync("Why do volcanoes explode violently?", "volcanoes#p1", "8", FeedbackVote.Down);
        await feedback.RecordAsync("What is honey?", "bees#p2", "7", FeedbackVote.Up);
        await _kb.QuestionLog.RecordAsync(NotCovered("Who won the cup?"), "discord");
        await _kb.QuestionLog.RecordAsync(Answered("What is honey?", "bees#p2"), "discord");
        var service = new KnowledgeService(_kb.Engines, _kb.Options, questionLog: _kb.QuestionLog, feedback: feedback);

        var report = await service.GapsAsync();

        Assert.Equal(3, report.MissCount);
        Assert.Equal(2, report.Gaps.Length);
        Assert.Equal((2, 2), (report.Gaps[0].Count, report.Gaps[0].DownVoteCount));
        Assert.Equal(("Who won the cup?", 1), (report.Gaps[1].Question, report.Gaps[1].NoAnswerCount));
    }

    [Fact]
    public void A_file_lock_is_exclusive_names_its_holder_and_is_free_again_after_release()
    {
        var path = Path.Combine(_kb.Root, "x.lock");
        var now = DateTimeOffset.Parse("2026-11-23T10:00:00Z");

        using (var held = FileLock.TryAcquire(path, "alice", now, out _))
        {
            Assert.NotNull(held);
            Assert.Null(FileLock.TryAcquire(path, "bob", now, out var holder));
            Assert.Equal("alice since 2026-11-23 10:00:00Z", holder);
        }
        using var again = FileLock.TryAcquire(path, "bob", now, out _);
        Assert.NotNull(again);
    }
}
