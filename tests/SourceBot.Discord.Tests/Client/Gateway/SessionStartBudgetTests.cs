using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Tests.Client.Gateway;

/// <summary>The daily session start limit, shared by the shards of one process, with a reserve left unused.</summary>
public sealed class SessionStartBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    private static SessionStartLimit Limit(int remaining, long resetAfterMs = 60_000) =>
        new() { Total = 1000, Remaining = remaining, ResetAfter = resetAfterMs, MaxConcurrency = 1 };

    [Fact]
    public void Shards_that_read_the_same_count_do_not_take_it_below_the_reserve_together()
    {
        var budget = new SessionStartBudget(_time);
        budget.Update(Limit(SessionStartBudget.Reserve + 1)); // shard 0's reading
        budget.Update(Limit(SessionStartBudget.Reserve + 1)); // shard 1's, taken at the same moment

        Assert.True(budget.TryTake(out _, out _, out _));
        Assert.False(budget.TryTake(out var wait, out var remaining, out var total));
        Assert.Equal(TimeSpan.FromMinutes(1), wait);
        Assert.Equal(SessionStartBudget.Reserve, remaining);
        Assert.Equal(1000, total);
    }

    [Fact]
    public void A_reading_taken_before_this_processs_identifies_does_not_raise_the_count_before_the_reset()
    {
        var budget = new SessionStartBudget(_time);
        budget.Update(Limit(SessionStartBudget.Reserve + 1));
        Assert.True(budget.TryTake(out _, out _, out _));

        budget.Update(Limit(SessionStartBudget.Reserve + 1)); // stale: read before that start counted
        Assert.False(budget.TryTake(out _, out _, out _));
    }

    [Fact]
    public void Once_the_reset_has_passed_the_whole_budget_is_back()
    {
        var budget = new SessionStartBudget(_time);
        budget.Update(Limit(0, resetAfterMs: 5000));
        Assert.False(budget.TryTake(out var wait, out _, out _));

        _time.Advance(wait);
        Assert.True(budget.TryTake(out _, out var remaining, out _));
        Assert.Equal(1000, remaining);
    }

    [Fact]
    public void Without_a_reading_nothing_is_held_back()
    {
        Assert.True(new SessionStartBudget(_time).TryTake(out var wait, out _, out _));
        Assert.Equal(TimeSpan.Zero, wait);
    }
}
