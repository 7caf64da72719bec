using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

public sealed class PassageCooldownTests
{
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
