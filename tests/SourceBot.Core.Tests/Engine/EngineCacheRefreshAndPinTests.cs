using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Engine;

namespace SourceBot.Core.Tests.Engine;

/// <summary>
/// A pinned library (the default one) keeps its engine whatever the budget or idleness; a loaded library follows a version
/// published elsewhere without a gap, and never back past a newer publish.
/// </summary>
[Collection(SmallEngines.Collection)]
public sealed class EngineCacheRefreshAndPinTests(SmallEngines engines) : IDisposable
{
    private readonly FakeLibraries _libraries = new();
    private readonly List<EngineCache> _caches = [];
    private int _builds;

    private EngineCache Cache(EngineCacheOptions? options = null, TimeProvider? time = null, params string[] pinned)
    {
        var cache = new EngineCache((kb, ct) =>
        {
            Interlocked.Increment(ref _builds);
            return engines.Build(kb, ct);
        }, engines.Options, _libraries, options ?? new EngineCacheOptions(), null, time, new HashSet<string>(pinned));
        _caches.Add(cache);
        return cache;
    }

    public void Dispose()
    {
        foreach (var cache in _caches) cache.Dispose();
    }

    [Fact]
    public async Task A_pinned_library_is_not_unloaded_over_the_budget_and_the_other_one_is()
    {
        _libraries.Set("default", SmallEngines.All);
        _libraries.Set("b", SmallEngines.BeesAndVolcanoes);
        _libraries.Set("c", SmallEngines.VolcanoesAndLighthouses);
        var cache = Cache(new EngineCacheOptions { MemoryBudgetBytes = 1 }, null, "default");
        EngineSnapshot pinned, b;
        using (var lease = await cache.AcquireAsync("default")) pinned = lease.Snapshot;
        using (var lease = await cache.AcquireAsync("b")) b = lease.Snapshot;

        (await cache.AcquireAsync("c")).Dispose();

        Assert.False(pinned.IsDisposed);
        Assert.True(b.IsDisposed);
        Assert.True(cache.IsLoaded("default"));
        Assert.Equal(["c", "default"], cache.LoadedLibraries.Order());
    }

    [Fact]
    public async Task A_pinned_library_is_not_unloaded_when_idle()
    {
        var time = new FakeTimeProvider();
        _libraries.Set("default", SmallEngines.All);
        _libraries.Set("b", SmallEngines.BeesAndVolcanoes);
        var cache = Cache(new EngineCacheOptions { IdleUnload = TimeSpan.FromMinutes(30) }, time, "default");
        (await cache.AcquireAsync("default")).Dispose();
        (await cache.AcquireAsync("b")).Dispose();

        time.Advance(TimeSpan.FromHours(2));

        Assert.True(cache.IsLoaded("default"));
        Assert.False(cache.IsLoaded("b"));
        Assert.Equal(1, cache.Counters.IdleUnloads);
    }

    [Fact]
    public async Task A_refresh_brings_a_loaded_library_onto_its_latest_published_knowledge_and_frees_the_old_engine()
    {
        _libraries.Set("default", SmallEngines.VolcanoesAndLighthouses);
        var cache = Cache(pinned: "default");
        EngineSnapshot old;
        using (var lease = await cache.AcquireAsync("default")) old = lease.Snapshot;
        _libraries.Set("default", SmallEngines.All);

        Assert.True(await cache.RefreshAsync("default"));

        using var next = await cache.AcquireAsync("default");
        Assert.Equal(SmallEngines.All.Hash, next.Snapshot.Knowledge.Hash);
        Assert.Equal("bees", next.Engine.Ask(SmallEngines.BeeQuestion).SourceId);
        Assert.True(old.IsDisposed);
        Assert.Equal(1, cache.Counters.LoadedEngines);
    }

    [Fact]
    public async Task A_refresh_leaves_a_library_on_its_latest_knowledge_alone()
    {
        _libraries.Set("default", SmallEngines.All);
        var cache = Cache();
        (await cache.AcquireAsync("default")).Dispose();

        Assert.False(await cache.RefreshAsync("default"));
        Assert.Equal((1, 1), (_libraries.Reads("default"), _builds));
    }

    [Fact]
    public async Task A_refresh_of_a_library_that_is_not_loaded_reads_and_builds_nothing()
    {
        _libraries.Set("a", SmallEngines.All);
        var cache = Cache();

        Assert.False(await cache.RefreshAsync("a"));
        Assert.Equal((0, 0), (_libraries.Reads("a"), _builds));
    }

    [Fact]
    public async Task A_version_published_while_the_library_was_first_loading_is_brought_in_once_that_load_is_done()
    {
        _libraries.Set("default", SmallEngines.VolcanoesAndLighthouses);
        using var held = new HeldBuilds(engines.Build);
        using var cache = new EngineCache(held.Build, engines.Options, _libraries, new EngineCacheOptions(), null, null);
        var firstQuestion = cache.AcquireAsync("default");
        await held.WaitForStartAsync(); // the load read the older version and is building it
        _libraries.Set("default", SmallEngines.All);

        var refresh = cache.RefreshAsync("default");
        held.LetGo();
        (await firstQuestion).Dispose();

        Assert.True(await refresh);
        using var lease = await cache.AcquireAsync("default");
        Assert.Equal(SmallEngines.All.Hash, lease.Snapshot.Knowledge.Hash);
    }

    [Fact]
    public async Task The_old_engine_answers_while_the_new_version_is_read()
    {
        _libraries.Set("default", SmallEngines.VolcanoesAndLighthouses);
        var cache = Cache();
        (await cache.AcquireAsync("default")).Dispose();
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit)); // the first load's read
        _libraries.Set("default", SmallEngines.All);
        _libraries.Close();

        var refresh = cache.RefreshAsync("default");
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit));
        using (var during = await cache.AcquireAsync("default"))
            Assert.Equal(SmallEngines.VolcanoesAndLighthouses.Hash, during.Snapshot.Knowledge.Hash);
        _libraries.Open();

        Assert.True(await refresh);
        using var after = await cache.AcquireAsync("default");
        Assert.Equal(SmallEngines.All.Hash, after.Snapshot.Knowledge.Hash);
    }

    [Fact]
    public async Task A_refresh_that_read_an_older_version_does_not_undo_a_publish_made_meanwhile()
    {
        _libraries.Set("default", SmallEngines.VolcanoesAndLighthouses);
        var cache = Cache();
        (await cache.AcquireAsync("default")).Dispose();
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit)); // the first load's read
        _libraries.Set("default", SmallEngines.BeesAndVolcanoes);
        _libraries.Close();
        var refresh = cache.RefreshAsync("default");
        Assert.True(await _libraries.ReadStarted.WaitAsync(HangGuard.Limit));

        cache.Publish("default", engines.Build(SmallEngines.All));
        _libraries.Open();

        Assert.False(await refresh);
        using var lease = await cache.AcquireAsync("default");
        Assert.Equal(SmallEngines.All.Hash, lease.Snapshot.Knowledge.Hash);
    }
}
