using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client;

public sealed class TimeWindowRateLimiterTests
{
    [Fact]
    public async Task The_gateway_send_limit_lets_120_through_per_60_seconds_and_queues_the_rest_until_the_window_ends()
    {
        var time = new TimerWatchingTimeProvider();
        using var limiter = new TimeWindowRateLimiter(120, TimeSpan.FromSeconds(60), 100, time);
        for (int i = 0; i < 120; i++) Assert.True((await limiter.AcquireAsync()).IsAcquired);

        var queued = limiter.AcquireAsync().AsTask();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(60)); // the 121st waits for the window to end
        Assert.False(queued.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(59)); // its timer is not due: nothing can complete it
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
}
