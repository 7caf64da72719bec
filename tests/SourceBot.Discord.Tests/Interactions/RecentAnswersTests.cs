using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Answers;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Interactions;

public sealed class RecentAnswersTests
{
    [Fact]
    public async Task The_answer_cache_drops_the_least_recently_used_answer_when_full()
    {
        var cache = new RecentAnswers(2, TimeSpan.FromHours(1), new FakeTimeProvider());
        var a = await cache.AddAsync("default", TestData.Answered("a"), TestData.Origin);
        var b = await cache.AddAsync("default", TestData.Answered("b"), TestData.Origin);
        Assert.NotNull(await cache.FindAsync(a)); // a is now the most recently used
        var c = await cache.AddAsync("default", TestData.Answered("c"), TestData.Origin);
        Assert.Equal("a", (await cache.FindAsync(a))?.Answer.Question);
        Assert.Null(await cache.FindAsync(b));
        Assert.NotNull(await cache.FindAsync(c));
    }

    [Fact]
    public async Task Cached_answers_expire_after_their_lifetime_and_keys_are_short()
    {
        var time = new FakeTimeProvider();
        var cache = new RecentAnswers(10, TimeSpan.FromMinutes(30), time);
        var key = await cache.AddAsync("default", TestData.Answered(), TestData.Origin);
        Assert.Matches("^[0-9A-Za-z]{10}$", key);
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await cache.FindAsync(key));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await cache.FindAsync(key));
    }

    [Fact]
    public async Task An_answer_posted_by_one_process_is_found_with_its_origin_and_library_by_another_sharing_the_store()
    {
        var shared = new InMemoryRecentAnswerStore(10, TimeSpan.FromHours(1), new FakeTimeProvider());
        var origin = new AnswerOrigin("g1", "c1", "u1", IsPrivate: true);
        var key = await new RecentAnswers(shared).AddAsync("biology-101", TestData.Answered("a"), origin);

        var found = await new RecentAnswers(shared).FindAsync(key);

        Assert.NotNull(found);
        Assert.Equal(("a", origin, "biology-101"), (found.Answer.Question, found.Origin, found.LibraryId));
    }

    [Fact]
    public async Task Aliases_are_registered_only_for_arguments_too_long_for_a_custom_id_and_once_each()
    {
        var store = new InMemoryRecentAnswerStore(10, TimeSpan.FromHours(1), new FakeTimeProvider());
        var cache = new RecentAnswers(store);
        var longId = new string('x', 300) + "#p1";

        var aliases = await cache.AliasesForAsync(["003#p4", longId, null, longId]);

        Assert.Equal(1, store.Count);
        Assert.False(aliases.TryGetKey("003#p4", out _));
        Assert.True(aliases.TryGetKey(longId, out var key));
        Assert.Equal((BotAction.Cite, longId), await CustomIds.DecodeAsync(CustomIds.Encode(BotAction.Cite, longId, aliases), cache));
        Assert.Equal("sb:ct:~" + key, CustomIds.Encode(BotAction.Cite, longId, aliases));
    }
}
