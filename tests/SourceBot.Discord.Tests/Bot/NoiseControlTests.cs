using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

public sealed class NoiseControlTests
{
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
}
