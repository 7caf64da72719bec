using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Feedback;

namespace SourceBot.Core.Tests.Storage;

/// <summary>What every <see cref="IFeedbackStore"/> does, whatever stores it. Each test uses libraries of its own.</summary>
public abstract class FeedbackStoreContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>A store of <paramref name="libraryId"/>; stores made by one test share their storage.</summary>
    protected abstract IFeedbackStore CreateStore(string libraryId);

    private static string NewLibrary() => "lib-" + Guid.NewGuid().ToString("N");

    [StoreContractFact]
    public async Task A_vote_is_stored_with_question_passage_user_and_the_clock_time()
    {
        var store = CreateStore(NewLibrary());

        var recorded = await store.RecordAsync("When did China accede?", "001#p4", "user-1", FeedbackVote.Down);

        var expected = new FeedbackEntry("When did China accede?", "001#p4", "user-1", FeedbackVote.Down, Time.GetUtcNow());
        Assert.Equal(expected, recorded);
        Assert.Equal(expected, Assert.Single(await store.ListAsync()));
    }

    [StoreContractFact]
    public async Task Voting_again_on_the_same_answer_replaces_the_earlier_vote_in_its_place()
    {
        var store = CreateStore(NewLibrary());
        await store.RecordAsync("q", "001#p4", "u1", FeedbackVote.Up);
        await store.RecordAsync("q", "001#p4", "u2", FeedbackVote.Up);
        Time.Advance(TimeSpan.FromMinutes(1));

        await store.RecordAsync("q", "001#p4", "u1", FeedbackVote.Down);

        var all = await store.ListAsync();
        Assert.Equal(["u1", "u2"], all.Select(e => e.UserId));
        Assert.Equal((FeedbackVote.Down, Time.GetUtcNow()), (all[0].Vote, all[0].RecordedAt));
    }

    [StoreContractFact]
    public async Task Votes_are_listed_oldest_first_or_only_those_on_one_passage()
    {
        var store = CreateStore(NewLibrary());
        await store.RecordAsync("q1", "001#p1", "u1", FeedbackVote.Up);
        await store.RecordAsync("q2", "001#p2", "u1", FeedbackVote.Down);
        await store.RecordAsync("q3", "001#p1", "u2", FeedbackVote.Up);

        Assert.Equal(["q1", "q2", "q3"], (await store.ListAsync()).Select(e => e.Question));
        Assert.Equal(["q1", "q3"], (await store.ListAsync("001#p1")).Select(e => e.Question));
    }

    [StoreContractFact]
    public async Task Votes_survive_a_new_store_instance()
    {
        var library = NewLibrary();
        await CreateStore(library).RecordAsync("q", "001#p1", "u1", FeedbackVote.Up);

        Assert.Equal("u1", Assert.Single(await CreateStore(library).ListAsync()).UserId);
    }

    [StoreContractFact]
    public async Task Libraries_keep_separate_votes()
    {
        var bees = CreateStore(NewLibrary());
        var volcanoes = CreateStore(NewLibrary());

        await bees.RecordAsync("q", "001#p1", "u1", FeedbackVote.Up);
        await volcanoes.RecordAsync("q", "001#p1", "u1", FeedbackVote.Down);

        Assert.Equal(FeedbackVote.Up, Assert.Single(await bees.ListAsync()).Vote);
        Assert.Equal(FeedbackVote.Down, Assert.Single(await volcanoes.ListAsync("001#p1")).Vote);
    }

    [StoreContractFact]
    public async Task A_question_over_4000_characters_is_kept_cut_and_a_second_vote_on_it_replaces_the_first()
    {
        var store = CreateStore(NewLibrary());
        var longQuestion = string.Concat(Enumerable.Repeat("Why is the sky blue? ", 300));

        await store.RecordAsync(longQuestion, "sky#p1", "u1", FeedbackVote.Up);
        await store.RecordAsync(longQuestion, "sky#p1", "u1", FeedbackVote.Down);

        var entry = Assert.Single(await store.ListAsync());
        Assert.Equal((longQuestion[..4000], FeedbackVote.Down), (entry.Question, entry.Vote));
    }
}
