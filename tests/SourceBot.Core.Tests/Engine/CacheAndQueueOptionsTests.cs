using System.ComponentModel.DataAnnotations;
using SourceBot.Core.Engine;

namespace SourceBot.Core.Tests.Engine;

/// <summary>The engine cache's and training queue's settings are validated as the host validates options at start.</summary>
public sealed class CacheAndQueueOptionsTests
{
    private static IReadOnlyList<string> Invalid(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames)];
    }

    [Fact]
    public void The_defaults_are_a_4_GiB_budget_a_30_minute_idle_time_one_build_at_a_time_and_16_waiting_and_valid()
    {
        var cache = new EngineCacheOptions();
        var queue = new TrainingQueueOptions();

        Assert.Equal((4L << 30, TimeSpan.FromMinutes(30)), (cache.MemoryBudgetBytes, cache.IdleUnload));
        Assert.Equal((1, 16), (queue.Concurrency, queue.Capacity));
        Assert.Empty(Invalid(cache));
        Assert.Empty(Invalid(queue));
    }

    [Fact]
    public void A_budget_of_zero_bytes_is_refused()
    {
        Assert.Equal([nameof(EngineCacheOptions.MemoryBudgetBytes)], Invalid(new EngineCacheOptions { MemoryBudgetBytes = 0 }));
    }

    [Fact]
    public void An_idle_time_under_a_second_is_refused()
    {
        Assert.Equal([nameof(EngineCacheOptions.IdleUnload)], Invalid(new EngineCacheOptions { IdleUnload = TimeSpan.FromMilliseconds(500) }));
    }

    [Fact]
    public void A_queue_without_a_worker_or_without_room_is_refused()
    {
        Assert.Equal([nameof(TrainingQueueOptions.Concurrency), nameof(TrainingQueueOptions.Capacity)],
            Invalid(new TrainingQueueOptions { Concurrency = 0, Capacity = 0 }));
    }
}
