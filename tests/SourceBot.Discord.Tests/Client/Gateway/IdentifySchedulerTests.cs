using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client.Gateway;

namespace SourceBot.Discord.Tests.Client.Gateway;

/// <summary>max_concurrency identifies per 5 s: one per bucket shard_id % max_concurrency, for any number of shards of one process.</summary>
public sealed class IdentifySchedulerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task The_first_turn_of_a_bucket_does_not_wait()
    {
        using var turn = await new IdentifyScheduler(_time).WaitTurnAsync(0, 1, default);
        Assert.Equal(TimeSpan.Zero, turn.Wait);
    }

    [Fact]
    public async Task A_bucket_identifies_again_five_seconds_after_its_last_identify()
    {
        var scheduler = new IdentifyScheduler(_time);
        using (var first = await scheduler.WaitTurnAsync(0, 1, default)) first.Identified();
        _time.Advance(TimeSpan.FromSeconds(2));

        using var second = await scheduler.WaitTurnAsync(0, 1, default);
        Assert.Equal(TimeSpan.FromSeconds(3), second.Wait);
    }

    [Fact]
    public async Task A_turn_given_up_without_an_identify_lets_the_next_one_identify_at_once()
    {
        var scheduler = new IdentifyScheduler(_time);
        (await scheduler.WaitTurnAsync(0, 1, default)).Dispose(); // the connection failed before its identify

        using var next = await scheduler.WaitTurnAsync(1, 1, default);
        Assert.Equal(TimeSpan.Zero, next.Wait);
    }

    [Fact]
    public async Task A_shard_of_another_bucket_gets_its_turn_while_a_bucket_is_held()
    {
        var scheduler = new IdentifyScheduler(_time);
        using var bucket0 = await scheduler.WaitTurnAsync(0, 2, default);

        var bucket1 = scheduler.WaitTurnAsync(1, 2, default); // 1 % 2 = bucket 1
        Assert.True(bucket1.IsCompletedSuccessfully); // given at once, not after bucket 0's identify
        using var turn = await bucket1;
        Assert.Equal(TimeSpan.Zero, turn.Wait);
    }

    [Fact]
    public async Task A_shard_of_the_same_bucket_waits_until_the_holder_identified_and_then_five_seconds_more()
    {
        var scheduler = new IdentifyScheduler(_time);
        var holder = await scheduler.WaitTurnAsync(0, 2, default);
        var waiting = scheduler.WaitTurnAsync(2, 2, default); // 2 % 2 = bucket 0
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1)); // a slow connect: the 5 s count from the identify, not from the turn
        holder.Identified();
        holder.Dispose();

        using var turn = await waiting;
        Assert.Equal(IdentifyScheduler.Interval, turn.Wait);
    }

    [Fact]
    public async Task A_released_turn_goes_to_the_waiting_shard_with_the_lowest_id()
    {
        var scheduler = new IdentifyScheduler(_time);
        var holder = await scheduler.WaitTurnAsync(3, 1, default);
        var shard5 = scheduler.WaitTurnAsync(5, 1, default);
        var shard1 = scheduler.WaitTurnAsync(1, 1, default);

        holder.Dispose();
        var first = await Task.WhenAny(shard5, shard1);
        Assert.Same(shard1, first);
        Assert.False(shard5.IsCompleted);
        (await shard1).Dispose();
        (await shard5).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_its_place_in_the_queue()
    {
        var scheduler = new IdentifyScheduler(_time);
        var holder = await scheduler.WaitTurnAsync(0, 1, default);
        using var cancel = new CancellationTokenSource();
        var cancelled = scheduler.WaitTurnAsync(1, 1, cancel.Token);
        var next = scheduler.WaitTurnAsync(2, 1, default);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        holder.Dispose();
        using var turn = await next; // shard 1's place passed to shard 2
        Assert.Equal(TimeSpan.Zero, turn.Wait);
    }

    [Fact]
    public void The_bucket_of_a_shard_is_its_id_modulo_max_concurrency()
    {
        Assert.Equal(1, IdentifyScheduler.Bucket(1, 2));
        Assert.Equal(0, IdentifyScheduler.Bucket(2, 2));
        Assert.Equal(0, IdentifyScheduler.Bucket(7, 1)); // with max_concurrency 1 every shard is bucket 0
        Assert.Equal(0, IdentifyScheduler.Bucket(7, 0)); // a max_concurrency below 1 counts as 1
    }
}
