using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;

namespace SourceBot.Discord.Tests.Client.Gateway;

/// <summary>max_concurrency identifies per 5 s: one per bucket shard_id % max_concurrency.</summary>
public sealed class IdentifySchedulerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_first_identify_of_a_bucket_does_not_wait()
    {
        Assert.Equal(TimeSpan.Zero, new IdentifyScheduler(_time).WaitFor(0, 1));
    }

    [Fact]
    public void A_bucket_identifies_again_five_seconds_after_its_last_identify()
    {
        var scheduler = new IdentifyScheduler(_time);
        scheduler.Identified(0, 1);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(3), scheduler.WaitFor(0, 1));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, scheduler.WaitFor(0, 1));
    }

    [Fact]
    public void Shards_in_other_buckets_do_not_wait_and_shards_in_the_same_bucket_do()
    {
        var scheduler = new IdentifyScheduler(_time);
        scheduler.Identified(0, 2);
        Assert.Equal(TimeSpan.Zero, scheduler.WaitFor(1, 2)); // bucket 1
        Assert.Equal(IdentifyScheduler.Interval, scheduler.WaitFor(2, 2)); // 2 % 2 = bucket 0
        Assert.Equal(IdentifyScheduler.Interval, scheduler.WaitFor(1, 1)); // with max_concurrency 1 every shard is bucket 0
    }
}
