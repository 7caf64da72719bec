using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Engine;

/// <summary>Engines are loaded when a library is first asked for, shared by equal knowledge, and unloaded by budget or idleness.</summary>
[Collection(SmallEngines.Collection)]
public sealed class EngineCacheTests(SmallEngines engines) : IDisposable
{
    private readonly FakeLibraries _libraries = new();
    private readonly List<EngineCache> _caches = [];
    private int _builds;

    private EngineCache Cache(EngineCacheOptions? options = null, TimeProvider? time = null)
    {
        var cache = new EngineCache((kb, ct) =>
        {
            Interlocked.Increment(ref _builds);
            return engines.Build(kb, ct);
        }, engines.Options, _libraries, options ?? new EngineCacheOptions(), null, time);
        _caches.Add(cache);
        return cache;
    }

    private long SizeOf(KnowledgeBase knowledge)
    {
        using var snapshot = engines.Build(knowledge);
        return snapshot.EstimatedBytes;
    }

    public void Dispose()
    {
        foreach (var cache in _caches) cache.Dispose();
    }

    [Fact]
    public async Task A_library_is_loaded_when_first_asked_for_and_answers_from_its_live_knowledge()
    {
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache();
        Assert.Equal(0, cache.Counters.LoadedEngines);

        using var lease = await cache.AcquireAsync("default");

        Assert.Equal(SmallEngines.All.Hash, lease.Snapshot.Knowledge.Hash);
        Assert.Equal("bees", lease.Engine.Ask(SmallEngines.BeeQuestion).SourceId);
        Assert.Equal(new EngineCacheCounters(1, lease.Snapshot.EstimatedBytes, 1, Hits: 0, Misses: 1, 0, 0, 0), cache.Counters);
    }

    [Fact]
    public async Task A_load_builds_on_a_thread_of_its_own_at_below_normal_priority()
    {
        _libraries.Set("default", SmallEngines.All);
        (bool PoolThread, ThreadPriority Priority)? builder = null;
        using var cache = new EngineCache((kb, ct) =>
        {
            builder = (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Priority);
            return engines.Build(kb, ct);
        }, engines.Options, _libraries, new EngineCacheOptions(), null, null);

        using var lease = await cache.AcquireAsync("default");

        Assert.Equal((false, ThreadPriority.BelowNormal), builder);
    }

    [Fact]
    public async Task A_later_request_is_served_by_the_loaded_engine_without_reading_or_building_again()
    {
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache();
        EngineSnapshot first;
        using (var lease = await cache.AcquireAsync("default")) first = lease.Snapshot;

        using var again = await cache.AcquireAsync("default");

        Assert.Same(first, again.Snapshot);
        Assert.Equal((1, 1), (_libraries.Reads("default"), _builds));
        Assert.Equal((1L, 1L), (cache.Counters.Hits, cache.Counters.Misses));
    }

    [Fact]
    public async Task Libraries_with_the_same_knowledge_share_one_engine()
    {
        _libraries.Set("server-a", SmallEngines.All);
        _libraries.Set("server-b", SmallEngines.All);
        var cache = Cache();

        using var a = await cache.AcquireAsync("server-a");
        using var b = await cache.AcquireAsync("server-b");

        Assert.Same(a.Snapshot, b.Snapshot);
        Assert.Same(a.Engine, b.Engine);
        Assert.Equal(1, _builds);
        Assert.Equal((1, 2), (cache.Counters.LoadedEngines, cache.Counters.Libraries));
    }

    [Fact]
    public async Task Concurrent_first_requests_for_a_library_read_and_build_it_once()
    {
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache();
        _libraries.Close();

        var requests = Enumerable.Range(0, 4).Select(_ => cache.AcquireAsync("default")).ToArray();
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit));
        _libraries.Open();
        var leases = await Task.WhenAll(requests);

        Assert.All(leases, l => Assert.Same(leases[0].Snapshot, l.Snapshot));
        Assert.Equal((1, 1), (_libraries.Reads("default"), _builds));
        Assert.Equal(4L, cache.Counters.Misses);
        foreach (var lease in leases) lease.Dispose();
    }

    [Fact]
    public async Task Concurrent_first_requests_for_two_libraries_with_the_same_knowledge_build_once()
    {
        _libraries.Set("server-a", SmallEngines.All);
        _libraries.Set("server-b", SmallEngines.All);
        var cache = Cache();
        _libraries.Close();

        var a = cache.AcquireAsync("server-a");
        var b = cache.AcquireAsync("server-b");
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit));
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit));
        _libraries.Open();
        using var leaseA = await a;
        using var leaseB = await b;

        Assert.Same(leaseA.Snapshot, leaseB.Snapshot);
        Assert.Equal(1, _builds);
    }

    [Fact]
    public async Task A_failed_read_is_reported_with_the_library_and_the_reason_and_the_next_request_tries_again()
    {
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache();
        _libraries.FailNextRead(new IOException("the versions folder is unreadable"));

        var error = await Assert.ThrowsAsync<EngineLoadException>(() => cache.AcquireAsync("default"));
        using var lease = await cache.AcquireAsync("default");

        Assert.Equal("default", error.LibraryId);
        Assert.Equal("The knowledge of library 'default' could not be read: the versions folder is unreadable", error.Message);
        Assert.Equal(SmallEngines.All.Hash, lease.Snapshot.Knowledge.Hash);
        Assert.Equal(2, _libraries.Reads("default"));
        Assert.Equal(1L, cache.Counters.LoadFailures);
    }

    [Fact]
    public async Task Knowledge_that_cannot_be_built_is_reported_with_the_builds_reason_and_not_remembered()
    {
        _libraries.Set("empty", new KnowledgeBase([]));
        var cache = Cache();

        var error = await Assert.ThrowsAsync<EngineLoadException>(() => cache.AcquireAsync("empty"));
        _libraries.Set("empty", SmallEngines.All);
        using var lease = await cache.AcquireAsync("empty");

        Assert.Equal("The engine of library 'empty' could not be built: The knowledge has no visible passages to answer from.", error.Message);
        Assert.IsType<KnowledgeFormatException>(error.InnerException);
        Assert.Equal(SmallEngines.All.Hash, lease.Snapshot.Knowledge.Hash);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_load_going_for_the_other_requests()
    {
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache();
        _libraries.Close();
        using var impatient = new CancellationTokenSource();

        var cancelled = cache.AcquireAsync("default", impatient.Token);
        var patient = cache.AcquireAsync("default");
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit));
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _libraries.Open();
        using var lease = await patient;

        Assert.Equal(SmallEngines.All.Hash, lease.Snapshot.Knowledge.Hash);
        Assert.Equal(1, _libraries.Reads("default"));
    }

    [Fact]
    public async Task Over_the_budget_the_least_recently_used_engine_is_unloaded()
    {
        long budget = SizeOf(SmallEngines.All) + SizeOf(SmallEngines.BeesAndVolcanoes) + SizeOf(SmallEngines.VolcanoesAndLighthouses) - 1;
        _libraries.Set("a", SmallEngines.All);
        _libraries.Set("b", SmallEngines.BeesAndVolcanoes);
        _libraries.Set("c", SmallEngines.VolcanoesAndLighthouses);
        var cache = Cache(new EngineCacheOptions { MemoryBudgetBytes = budget });
        EngineSnapshot a, b;
        using (var lease = await cache.AcquireAsync("a")) a = lease.Snapshot;
        using (var lease = await cache.AcquireAsync("b")) b = lease.Snapshot;
        (await cache.AcquireAsync("a")).Dispose();

        using var c = await cache.AcquireAsync("c");

        Assert.True(b.IsDisposed);
        Assert.False(a.IsDisposed);
        Assert.Equal((2, 1L), (cache.Counters.LoadedEngines, cache.Counters.Evictions));
        Assert.True(cache.Counters.LoadedBytes <= budget);
    }

    [Fact]
    public async Task An_engine_in_use_is_not_unloaded_over_the_budget_until_its_lease_ends()
    {
        _libraries.Set("a", SmallEngines.All);
        _libraries.Set("b", SmallEngines.BeesAndVolcanoes);
        var cache = Cache(new EngineCacheOptions { MemoryBudgetBytes = 1 });
        var a = await cache.AcquireAsync("a");
        using var b = await cache.AcquireAsync("b");
        Assert.Equal(2, cache.Counters.LoadedEngines);
        Assert.Equal("bees", a.Engine.Ask(SmallEngines.BeeQuestion).SourceId);

        var snapshotA = a.Snapshot;
        a.Dispose();

        Assert.True(snapshotA.IsDisposed);
        Assert.Equal((1, 1L), (cache.Counters.LoadedEngines, cache.Counters.Evictions));
    }

    [Fact]
    public async Task The_most_recently_used_engine_stays_loaded_even_alone_over_the_budget()
    {
        _libraries.Set("a", SmallEngines.All);
        var cache = Cache(new EngineCacheOptions { MemoryBudgetBytes = 1 });
        (await cache.AcquireAsync("a")).Dispose();

        using var again = await cache.AcquireAsync("a");

        Assert.False(again.Snapshot.IsDisposed);
        Assert.Equal((1L, 1L, 0L), (cache.Counters.Hits, cache.Counters.Misses, cache.Counters.Evictions));
    }

    [Fact]
    public async Task An_engine_nobody_uses_is_unloaded_when_the_idle_time_is_up_and_not_before()
    {
        var time = new FakeTimeProvider();
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache(new EngineCacheOptions { IdleUnload = TimeSpan.FromMinutes(30) }, time);
        EngineSnapshot snapshot;
        using (var lease = await cache.AcquireAsync("default")) snapshot = lease.Snapshot;

        time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromTicks(1));
        Assert.Equal(1, cache.Counters.LoadedEngines);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(snapshot.IsDisposed);
        Assert.Equal((0, 1L), (cache.Counters.LoadedEngines, cache.Counters.IdleUnloads));
    }

    [Fact]
    public async Task Using_an_engine_restarts_its_idle_time()
    {
        var time = new FakeTimeProvider();
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache(new EngineCacheOptions { IdleUnload = TimeSpan.FromMinutes(30) }, time);
        (await cache.AcquireAsync("default")).Dispose();
        time.Advance(TimeSpan.FromMinutes(20));
        (await cache.AcquireAsync("default")).Dispose();

        time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(1, cache.Counters.LoadedEngines);
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, cache.Counters.LoadedEngines);
    }

    [Fact]
    public async Task An_engine_in_use_is_never_unloaded_for_idleness_and_idles_from_when_its_lease_ends()
    {
        var time = new FakeTimeProvider();
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache(new EngineCacheOptions { IdleUnload = TimeSpan.FromMinutes(30) }, time);
        var lease = await cache.AcquireAsync("default");

        time.Advance(TimeSpan.FromHours(2));
        Assert.False(lease.Snapshot.IsDisposed);
        lease.Dispose();
        time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal((0, 1L), (cache.Counters.LoadedEngines, cache.Counters.IdleUnloads));
    }

    [Fact]
    public async Task After_an_idle_unload_the_next_request_loads_the_library_again()
    {
        var time = new FakeTimeProvider();
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache(new EngineCacheOptions { IdleUnload = TimeSpan.FromMinutes(30) }, time);
        (await cache.AcquireAsync("default")).Dispose();
        time.Advance(TimeSpan.FromMinutes(30));

        using var lease = await cache.AcquireAsync("default");

        Assert.Equal("bees", lease.Engine.Ask(SmallEngines.BeeQuestion).SourceId);
        Assert.Equal((2, 2), (_libraries.Reads("default"), _builds));
    }

    [Fact]
    public async Task A_publish_serves_the_next_request_and_releases_the_old_engine_after_its_last_reader()
    {
        _libraries.Set("default", SmallEngines.VolcanoesAndLighthouses);
        var cache = Cache();
        var reading = await cache.AcquireAsync("default");
        var old = reading.Snapshot;

        cache.Publish("default", engines.Build(SmallEngines.All));
        using var next = await cache.AcquireAsync("default");

        Assert.Equal(SmallEngines.All.Hash, next.Snapshot.Knowledge.Hash);
        Assert.Equal("bees", next.Engine.Ask(SmallEngines.BeeQuestion).SourceId);
        Assert.NotEqual("bees", reading.Engine.Ask(SmallEngines.BeeQuestion).SourceId);
        Assert.False(old.IsDisposed);
        reading.Dispose();
        Assert.True(old.IsDisposed);
        Assert.Equal(1, cache.Counters.LoadedEngines);
    }

    [Fact]
    public async Task A_publish_keeps_the_engine_another_library_still_answers_from()
    {
        _libraries.Set("server-a", SmallEngines.BeesAndVolcanoes);
        _libraries.Set("server-b", SmallEngines.BeesAndVolcanoes);
        var cache = Cache();
        (await cache.AcquireAsync("server-a")).Dispose();
        (await cache.AcquireAsync("server-b")).Dispose();

        cache.Publish("server-a", engines.Build(SmallEngines.All));
        using var b = await cache.AcquireAsync("server-b");

        Assert.Equal(SmallEngines.BeesAndVolcanoes.Hash, b.Snapshot.Knowledge.Hash);
        Assert.False(b.Snapshot.IsDisposed);
        Assert.Equal(2, cache.Counters.LoadedEngines);
    }

    [Fact]
    public async Task Publishing_knowledge_another_library_has_loaded_reuses_its_engine()
    {
        _libraries.Set("server-a", SmallEngines.All);
        _libraries.Set("server-b", SmallEngines.BeesAndVolcanoes);
        var cache = Cache();
        using var a = await cache.AcquireAsync("server-a");
        (await cache.AcquireAsync("server-b")).Dispose();
        var duplicate = engines.Build(SmallEngines.All);

        cache.Publish("server-b", duplicate);
        using var b = await cache.AcquireAsync("server-b");

        Assert.Same(a.Snapshot, b.Snapshot);
        Assert.True(duplicate.IsDisposed);
        Assert.Equal(1, cache.Counters.LoadedEngines);
    }

    [Fact]
    public async Task A_publish_for_a_library_not_loaded_yet_is_what_its_first_request_gets()
    {
        var cache = Cache();

        cache.Publish("default", engines.Build(SmallEngines.All));
        using var lease = await cache.AcquireAsync("default");

        Assert.Equal(SmallEngines.All.Hash, lease.Snapshot.Knowledge.Hash);
        Assert.Equal(0, _libraries.Reads("default"));
    }

    [Fact]
    public async Task Disposing_the_cache_releases_each_engine_when_its_last_lease_ends_and_refuses_new_requests()
    {
        _libraries.Set("a", SmallEngines.All);
        _libraries.Set("b", SmallEngines.BeesAndVolcanoes);
        var cache = Cache();
        var a = await cache.AcquireAsync("a");
        EngineSnapshot b;
        using (var lease = await cache.AcquireAsync("b")) b = lease.Snapshot;

        cache.Dispose();

        Assert.True(b.IsDisposed);
        Assert.False(a.Snapshot.IsDisposed);
        var snapshotA = a.Snapshot;
        a.Dispose();
        Assert.True(snapshotA.IsDisposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.AcquireAsync("a"));
    }
}
