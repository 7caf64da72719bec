using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests;

public sealed class LimiterAndCacheTests
{
    [Fact]
    public async Task The_gateway_send_limit_lets_120_through_per_60_seconds_and_queues_the_rest_until_the_window_ends()
    {
        var time = new FakeTimeProvider();
        using var limiter = new TimeWindowRateLimiter(120, TimeSpan.FromSeconds(60), 100, time);
        for (int i = 0; i < 120; i++) Assert.True((await limiter.AcquireAsync()).IsAcquired);

        var queued = limiter.AcquireAsync().AsTask();
        await Task.Delay(50);
        Assert.False(queued.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50);
        Assert.False(queued.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await queued.WaitAsync(TimeSpan.FromSeconds(5))).IsAcquired);
    }

    [Fact]
    public void A_refused_lease_says_how_long_to_wait()
    {
        var time = new FakeTimeProvider();
        using var limiter = new TimeWindowRateLimiter(1, TimeSpan.FromSeconds(30), 0, time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromSeconds(10));
        using var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retry));
        Assert.Equal(TimeSpan.FromSeconds(20), retry);
    }

    [Fact]
    public void The_per_user_limit_counts_each_user_separately()
    {
        var time = new FakeTimeProvider();
        using var noise = new NoiseControl(Options.Create(TestData.Options(o => o.RateLimit.QuestionsPerUser = 1)), time);
        Assert.True(noise.TryAsk("a", out _));
        Assert.False(noise.TryAsk("a", out var wait));
        Assert.Equal(TimeSpan.FromMinutes(1), wait);
        Assert.True(noise.TryAsk("b", out _));
    }

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
    public void The_passage_cooldown_is_per_channel_and_ends_after_its_time()
    {
        var time = new FakeTimeProvider();
        var cooldown = new PassageCooldown(TimeSpan.FromMinutes(2), time);
        cooldown.Record("c1", "p1", "link");
        Assert.True(cooldown.IsCoolingDown("c1", "p1", out var link));
        Assert.Equal("link", link);
        Assert.False(cooldown.IsCoolingDown("c2", "p1", out _));
        Assert.False(cooldown.IsCoolingDown("c1", "p2", out _));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(cooldown.IsCoolingDown("c1", "p1", out _));
    }
}
