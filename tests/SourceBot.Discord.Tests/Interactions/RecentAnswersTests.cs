using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Interactions;

public sealed class RecentAnswersTests
{
    [Fact]
    public void The_answer_cache_drops_the_least_recently_used_answer_when_full()
    {
        var cache = new RecentAnswers(2, TimeSpan.FromHours(1), new FakeTimeProvider());
        var a = cache.Add(TestData.Answered("a"), TestData.Origin);
        var b = cache.Add(TestData.Answered("b"), TestData.Origin);
        Assert.True(cache.TryGet(a, out _)); // a is now the most recently used
        var c = cache.Add(TestData.Answered("c"), TestData.Origin);
        Assert.True(cache.TryGet(a, out var kept));
        Assert.Equal("a", kept.Answer.Question);
        Assert.False(cache.TryGet(b, out _));
        Assert.True(cache.TryGet(c, out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Cached_answers_expire_after_their_lifetime_and_keys_are_short()
    {
        var time = new FakeTimeProvider();
        var cache = new RecentAnswers(10, TimeSpan.FromMinutes(30), time);
        var key = cache.Add(TestData.Answered(), TestData.Origin);
        Assert.Matches("^[0-9A-Za-z]{10}$", key);
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.True(cache.TryGet(key, out _));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(cache.TryGet(key, out _));
    }

    [Fact]
    public void Aliases_are_registered_only_for_arguments_too_long_for_a_custom_id_and_once_each()
    {
        var cache = new RecentAnswers(10, TimeSpan.FromHours(1), new FakeTimeProvider());
        var longId = new string('x', 300) + "#p1";

        var aliases = cache.AliasesFor(["003#p4", longId, null, longId]);

        Assert.Equal(1, cache.Count);
        Assert.False(aliases.TryGetKey("003#p4", out _));
        Assert.True(aliases.TryGetKey(longId, out var key));
        Assert.Equal((BotAction.Cite, longId), CustomIds.Decode(CustomIds.Encode(BotAction.Cite, longId, aliases), cache));
        Assert.Equal("sb:ct:~" + key, CustomIds.Encode(BotAction.Cite, longId, aliases));
    }
}
