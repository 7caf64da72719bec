using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Engine;

/// <summary>Publishes train on a bounded background queue that never stalls answers.</summary>
[Collection(SmallEngines.Collection)]
public sealed class TrainingQueueTests(SmallEngines engines) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private (TrainingQueue Queue, HeldBuilds Builds) HeldQueue(TrainingQueueOptions? options = null)
    {
        var builds = new HeldBuilds(engines.Build);
        var queue = new TrainingQueue(builds.Build, options ?? new TrainingQueueOptions(), null, null);
        _owned.Add(queue);
        _owned.Add(builds);
        return (queue, builds);
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }

    [Fact]
    public async Task A_queued_build_comes_back_as_a_snapshot_of_the_knowledge_given()
    {
        var queue = new TrainingQueue(engines.Factory, new TrainingQueueOptions());
        _owned.Add(queue);

        using var snapshot = await queue.EnqueueAsync("default", SmallEngines.All);

        Assert.Equal(SmallEngines.All.Hash, snapshot.Knowledge.Hash);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Builds_run_on_the_queues_own_threads_at_below_normal_priority()
    {
        var (queue, builds) = HeldQueue();
        builds.LetGo();

        using var snapshot = await queue.EnqueueAsync("default", SmallEngines.All);

        var thread = Assert.Single(builds.Threads);
        Assert.False(thread.IsThreadPoolThread);
        Assert.Equal(ThreadPriority.BelowNormal, thread.Priority);
        Assert.StartsWith("SourceBot training", thread.Name);
    }

    [Fact]
    public async Task Answers_on_another_library_are_served_while_a_build_waits_in_the_queue()
    {
        var libraries = new FakeLibraries();
        libraries.Set("server-a", SmallEngines.All);
        using var cache = new EngineCache(engines.Factory, libraries, new EngineCacheOptions());
        var (queue, builds) = HeldQueue();

        var publishing = queue.EnqueueAsync("server-b", SmallEngines.BeesAndVolcanoes);
        await builds.WaitForStartAsync();
        string? answeredFrom;
        using (var lease = await cache.AcquireAsync("server-a")) answeredFrom = lease.Engine.Ask(SmallEngines.LighthouseQuestion).SourceId;

        Assert.Equal("lighthouses", answeredFrom);
        Assert.False(publishing.IsCompleted);
        builds.LetGo();
        using var built = await publishing;
    }

    [Fact]
    public async Task The_library_being_published_answers_from_its_live_engine_until_the_new_one_is_published()
    {
        var libraries = new FakeLibraries();
        libraries.Set("default", SmallEngines.VolcanoesAndLighthouses);
        using var cache = new EngineCache(engines.Factory, libraries, new EngineCacheOptions());
        var (queue, builds) = HeldQueue();

        var publishing = queue.EnqueueAsync("default", SmallEngines.All);
        await builds.WaitForStartAsync();
        using (var lease = await cache.AcquireAsync("default"))
            Assert.Equal(SmallEngines.VolcanoesAndLighthouses.Hash, lease.Snapshot.Knowledge.Hash);
        builds.LetGo();
        cache.Publish("default", await publishing);

        using var after = await cache.AcquireAsync("default");
        Assert.Equal("bees", after.Engine.Ask(SmallEngines.BeeQuestion).SourceId);
    }

    [Fact]
    public async Task A_full_queue_refuses_a_publish_at_once_saying_how_many_wait()
    {
        var (queue, builds) = HeldQueue(new TrainingQueueOptions { Capacity = 2 });
        var building = queue.EnqueueAsync("a", SmallEngines.All);
        await builds.WaitForStartAsync();
        var waiting = new[] { queue.EnqueueAsync("b", SmallEngines.BeesAndVolcanoes), queue.EnqueueAsync("c", SmallEngines.VolcanoesAndLighthouses) };

        var refused = queue.EnqueueAsync("d", SmallEngines.All);

        Assert.True(refused.IsFaulted);
        var error = await Assert.ThrowsAsync<TrainingQueueFullException>(() => refused);
        Assert.Equal("2 publishes are waiting to be trained; try again later.", error.Message);
        Assert.Equal(3, queue.Depth);
        builds.LetGo();
        foreach (var task in waiting.Prepend(building)) (await task).Dispose();
        Assert.Equal([SmallEngines.All, SmallEngines.BeesAndVolcanoes, SmallEngines.VolcanoesAndLighthouses], builds.Built);
    }

    [Fact]
    public async Task Depth_counts_publishes_waiting_and_building_and_one_builds_at_a_time_by_default()
    {
        var (queue, builds) = HeldQueue();
        var first = queue.EnqueueAsync("a", SmallEngines.All);
        await builds.WaitForStartAsync();
        var second = queue.EnqueueAsync("b", SmallEngines.BeesAndVolcanoes);

        Assert.Equal((2, 1), (queue.Depth, queue.Waiting));
        Assert.Single(builds.Built);
        builds.LetGo();
        (await first).Dispose();
        (await second).Dispose();
        Assert.Equal(0, queue.Depth);
        Assert.Equal([SmallEngines.All, SmallEngines.BeesAndVolcanoes], builds.Built);
    }

    [Fact]
    public async Task A_publish_cancelled_while_it_waits_is_never_built()
    {
        var (queue, builds) = HeldQueue();
        var first = queue.EnqueueAsync("a", SmallEngines.All);
        await builds.WaitForStartAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = queue.EnqueueAsync("b", SmallEngines.BeesAndVolcanoes, cancel.Token);
        var third = queue.EnqueueAsync("c", SmallEngines.VolcanoesAndLighthouses);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        builds.LetGo();
        (await first).Dispose();
        (await third).Dispose();

        Assert.Equal([SmallEngines.All, SmallEngines.VolcanoesAndLighthouses], builds.Built);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_failed_build_reaches_the_publisher_with_its_reason()
    {
        var queue = new TrainingQueue(engines.Factory, new TrainingQueueOptions());
        _owned.Add(queue);

        var error = await Assert.ThrowsAsync<KnowledgeFormatException>(() => queue.EnqueueAsync("default", new KnowledgeBase([])));

        Assert.Equal("The knowledge has no visible passages to answer from.", error.Message);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Disposing_the_queue_cancels_the_publishes_still_waiting()
    {
        var (queue, builds) = HeldQueue();
        var first = queue.EnqueueAsync("a", SmallEngines.All);
        await builds.WaitForStartAsync();
        var waiting = queue.EnqueueAsync("b", SmallEngines.BeesAndVolcanoes);

        queue.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queue.EnqueueAsync("c", SmallEngines.All));
    }
}
