using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.QuestionLog;

namespace SourceBot.Core.Tests.Storage;

/// <summary>What every <see cref="IQuestionLog"/> does, whatever stores it. Each test uses libraries of its own.</summary>
public abstract class QuestionLogContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    /// <summary>A log of <paramref name="libraryId"/>; logs of different libraries made by one test share their storage.</summary>
    protected abstract IQuestionLog CreateLog(string libraryId);

    private static string NewLibrary() => "lib-" + Guid.NewGuid().ToString("N");

    private static Answer Answered(string q, string passage, double score = 0.9) =>
        new(q, AnswerOutcome.Answered, "quote", [], null, passage.Split('#')[0], passage, "text", score, 0.1, [], "", []);

    private static Answer NotCovered(string q) => Answer.NoAnswer(q, AnswerOutcome.NotCovered, "not covered", []);

    [StoreContractFact]
    public async Task A_logged_question_keeps_its_answer_score_channel_user_hash_and_the_clock_time()
    {
        var log = CreateLog(NewLibrary());

        var id = await log.RecordAsync(Answered("Why do volcanoes explode?", "volcanoes#p2", 0.87), "discord", "42", "abc");

        var entry = Assert.Single(await log.RecentAsync(10));
        Assert.Equal(
            new LoggedQuestion(id, Time.GetUtcNow(), "Why do volcanoes explode?", true, "Answered", "volcanoes#p2", 0.87, "discord", "42", "abc", null),
            entry);
    }

    [StoreContractFact]
    public async Task Recent_questions_come_newest_first_up_to_the_limit()
    {
        var log = CreateLog(NewLibrary());
        foreach (var q in new[] { "one?", "two?", "three?" })
        {
            await log.RecordAsync(NotCovered(q), "cli");
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["three?", "two?"], (await log.RecentAsync(2)).Select(e => e.Question));
    }

    [StoreContractFact]
    public async Task A_vote_by_id_is_kept_and_a_vote_on_an_unknown_id_is_refused()
    {
        var log = CreateLog(NewLibrary());
        var id = await log.RecordAsync(Answered("What is honey?", "bees#p2"), "discord");

        Assert.True(await log.RecordFeedbackAsync(id, FeedbackVote.Down));
        Assert.False(await log.RecordFeedbackAsync(id + 1000, FeedbackVote.Up));

        Assert.Equal(-1, Assert.Single(await log.RecentAsync(10)).Feedback);
    }

    [StoreContractFact]
    public async Task A_vote_by_question_and_passage_marks_the_latest_matching_entry()
    {
        var log = CreateLog(NewLibrary());
        await log.RecordAsync(Answered("What is honey?", "bees#p2"), "discord");
        var later = await log.RecordAsync(Answered("What is honey?", "bees#p2"), "discord");

        Assert.True(await log.RecordFeedbackAsync("What is honey?", "bees#p2", FeedbackVote.Down));
        Assert.False(await log.RecordFeedbackAsync("What is honey?", "bees#p9", FeedbackVote.Down));

        Assert.Equal(later, Assert.Single(await log.MissesAsync()).Id);
    }

    [StoreContractFact]
    public async Task Misses_are_the_unanswered_and_the_voted_down_oldest_first_and_since_leaves_out_older_ones()
    {
        var log = CreateLog(NewLibrary());
        await log.RecordAsync(NotCovered("Who won the cup?"), "cli");
        Time.Advance(TimeSpan.FromMinutes(1));
        var cutoff = Time.GetUtcNow();
        var honey = await log.RecordAsync(Answered("What is honey?", "bees#p2"), "discord");
        await log.RecordAsync(Answered("Why do bees dance?", "bees#p3"), "discord");
        await log.RecordFeedbackAsync(honey, FeedbackVote.Down);

        Assert.Equal(["Who won the cup?", "What is honey?"], (await log.MissesAsync()).Select(m => m.Question));
        Assert.Equal(["What is honey?"], (await log.MissesAsync(cutoff)).Select(m => m.Question));
    }

    [StoreContractFact]
    public async Task Libraries_keep_separate_logs()
    {
        var bees = CreateLog(NewLibrary());
        var volcanoes = CreateLog(NewLibrary());
        var id = await bees.RecordAsync(NotCovered("What is honey?"), "discord");
        await volcanoes.RecordAsync(NotCovered("Why do volcanoes explode?"), "discord");

        Assert.False(await volcanoes.RecordFeedbackAsync(id, FeedbackVote.Down));
        Assert.Equal(["What is honey?"], (await bees.RecentAsync(10)).Select(e => e.Question));
        Assert.Equal(["Why do volcanoes explode?"], (await volcanoes.MissesAsync()).Select(e => e.Question));
    }

    [StoreContractFact]
    public async Task A_question_over_4000_characters_is_kept_cut_and_can_still_be_voted_on()
    {
        var log = CreateLog(NewLibrary());
        var longQuestion = string.Concat(Enumerable.Repeat("Why is the sky blue? ", 300));

        await log.RecordAsync(Answered(longQuestion, "sky#p1"), "cli");

        Assert.True(await log.RecordFeedbackAsync(longQuestion[..4000], "sky#p1", FeedbackVote.Down));
        Assert.Equal(longQuestion[..4000], Assert.Single(await log.MissesAsync()).Question);
    }
}
