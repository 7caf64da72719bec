using SourceBot.Discord.Client.Gateway;

namespace SourceBot.Discord.Tests.Client.Gateway;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void Reconnect_backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var low = new ReconnectPolicy(TimeSpan.FromSeconds(30), () => 0);
        var high = new ReconnectPolicy(TimeSpan.FromSeconds(30), () => 1);
        Assert.Equal(TimeSpan.FromSeconds(0.5), low.Backoff(0));
        Assert.Equal(TimeSpan.FromSeconds(1), high.Backoff(0));
        Assert.Equal(TimeSpan.FromSeconds(4), low.Backoff(3));
        Assert.Equal(TimeSpan.FromSeconds(8), high.Backoff(3));
        Assert.Equal(TimeSpan.FromSeconds(30), high.Backoff(12));
    }

    [Fact]
    public void The_wait_after_an_invalid_session_doubles_while_it_repeats_and_is_capped()
    {
        var low = new ReconnectPolicy(TimeSpan.FromSeconds(30), () => 0);
        var high = new ReconnectPolicy(TimeSpan.FromSeconds(30), () => 1);
        Assert.Equal(TimeSpan.FromSeconds(1), low.InvalidSessionDelay(0)); // the documented 1–5 s first
        Assert.Equal(TimeSpan.FromSeconds(5), high.InvalidSessionDelay(0));
        Assert.Equal(TimeSpan.FromSeconds(2), low.InvalidSessionDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(8), low.InvalidSessionDelay(3));
        Assert.Equal(TimeSpan.FromSeconds(30), high.InvalidSessionDelay(3));
        Assert.Equal(TimeSpan.FromSeconds(30), low.InvalidSessionDelay(50));
        var tinyCap = new ReconnectPolicy(TimeSpan.FromSeconds(1), () => 1);
        Assert.Equal(TimeSpan.FromSeconds(5), tinyCap.InvalidSessionDelay(4)); // never below the documented wait
    }
}
