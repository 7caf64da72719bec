using System.Text.Json;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>The thread → parent channel cache, fed with dispatches shaped as in "Gateway Events" (channel objects for threads).</summary>
public sealed class ThreadParentsTests
{
    private static GatewayDispatch Dispatch(string type, object data) => new(type, 1, JsonSerializer.SerializeToElement(data));

    private static object Thread(string id, string parentId, ChannelType type = ChannelType.PublicThread, string? guildId = "g1") =>
        new { id, type, guild_id = guildId, parent_id = parentId, name = "thread " + id, thread_metadata = new { archived = false, locked = false } };

    private static string? ParentOf(ThreadParents threads, string threadId) => threads.TryGetParent(threadId, out var parent) ? parent : null;

    [Fact]
    public void Thread_create_records_the_channel_a_thread_was_created_in()
    {
        var threads = new ThreadParents();
        Assert.True(threads.Apply(Dispatch("THREAD_CREATE", new { id = "t1", type = 11, guild_id = "g1", parent_id = "c1", newly_created = true })));
        Assert.Equal("c1", ParentOf(threads, "t1"));
        Assert.Null(ParentOf(threads, "t-unknown"));
    }

    [Fact]
    public void Private_announcement_and_forum_threads_are_all_recorded_from_thread_update()
    {
        var threads = new ThreadParents();
        threads.Apply(Dispatch("THREAD_UPDATE", Thread("private", "c1", ChannelType.PrivateThread)));
        threads.Apply(Dispatch("THREAD_UPDATE", Thread("news", "announcements", ChannelType.AnnouncementThread)));
        threads.Apply(Dispatch("THREAD_UPDATE", Thread("post", "forum", ChannelType.PublicThread)));
        Assert.Equal("c1", ParentOf(threads, "private"));
        Assert.Equal("announcements", ParentOf(threads, "news"));
        Assert.Equal("forum", ParentOf(threads, "post"));
    }

    [Fact]
    public void A_channel_that_is_not_a_thread_is_not_recorded_even_with_a_parent_category()
    {
        var threads = new ThreadParents();
        threads.Remember(new DiscordChannel { Id = "text", Type = 0, ParentId = "category" });
        threads.Remember(new DiscordChannel { Id = "untyped", ParentId = "category" });
        Assert.Equal(0, threads.Count);
    }

    [Fact]
    public void Guild_create_records_every_active_thread_of_the_guild()
    {
        var threads = new ThreadParents();
        threads.Apply(Dispatch("GUILD_CREATE", new
        {
            id = "g1",
            name = "Server",
            channels = new[] { new { id = "c1", type = 0 } },
            threads = new[] { Thread("t1", "c1", guildId: null), Thread("t2", "c2", guildId: null) },
        }));
        Assert.Equal("c1", ParentOf(threads, "t1"));
        Assert.Equal("c2", ParentOf(threads, "t2"));
    }

    [Fact]
    public void An_unavailable_guild_create_records_nothing()
    {
        var threads = new ThreadParents();
        threads.Apply(Dispatch("GUILD_CREATE", new { id = "g1", unavailable = true }));
        Assert.Equal(0, threads.Count);
    }

    [Fact]
    public void Thread_delete_forgets_the_thread()
    {
        var threads = new ThreadParents();
        threads.Apply(Dispatch("THREAD_CREATE", Thread("t1", "c1")));
        threads.Apply(Dispatch("THREAD_DELETE", new { id = "t1", guild_id = "g1", parent_id = "c1", type = 11 }));
        Assert.Null(ParentOf(threads, "t1"));
    }

    [Fact]
    public void Thread_list_sync_replaces_the_threads_of_the_synced_channels_and_keeps_the_others()
    {
        var threads = new ThreadParents();
        threads.Apply(Dispatch("THREAD_CREATE", Thread("old-in-c1", "c1")));
        threads.Apply(Dispatch("THREAD_CREATE", Thread("in-c2", "c2")));
        threads.Apply(Dispatch("THREAD_CREATE", Thread("other-guild", "c1", guildId: "g2")));
        threads.Apply(Dispatch("THREAD_LIST_SYNC", new
        {
            guild_id = "g1",
            channel_ids = new[] { "c1" },
            threads = new[] { Thread("new-in-c1", "c1", guildId: null) },
            members = Array.Empty<object>(),
        }));
        Assert.Null(ParentOf(threads, "old-in-c1"));
        Assert.Equal("c1", ParentOf(threads, "new-in-c1"));
        Assert.Equal("c2", ParentOf(threads, "in-c2"));
        Assert.Equal("c1", ParentOf(threads, "other-guild"));
    }

    [Fact]
    public void Thread_list_sync_without_channel_ids_replaces_all_threads_of_the_guild()
    {
        var threads = new ThreadParents();
        threads.Apply(Dispatch("GUILD_CREATE", new { id = "g1", threads = new[] { Thread("t1", "c1", guildId: null), Thread("t2", "c2", guildId: null) } }));
        threads.Apply(Dispatch("THREAD_LIST_SYNC", new { guild_id = "g1", threads = new[] { Thread("t3", "c3") }, members = Array.Empty<object>() }));
        Assert.Null(ParentOf(threads, "t1"));
        Assert.Null(ParentOf(threads, "t2"));
        Assert.Equal("c3", ParentOf(threads, "t3"));
    }

    [Fact]
    public void Beyond_its_capacity_the_cache_forgets_the_least_recently_used_thread()
    {
        var threads = new ThreadParents(capacity: 2);
        threads.Remember(new DiscordChannel { Id = "t1", Type = ChannelType.PublicThread, ParentId = "c1" });
        threads.Remember(new DiscordChannel { Id = "t2", Type = ChannelType.PublicThread, ParentId = "c1" });
        Assert.True(threads.TryGetParent("t1", out _)); // t1 used: t2 is now the least recently used
        threads.Remember(new DiscordChannel { Id = "t3", Type = ChannelType.PublicThread, ParentId = "c1" });
        Assert.Equal(2, threads.Count);
        Assert.Equal("c1", ParentOf(threads, "t1"));
        Assert.Null(ParentOf(threads, "t2"));
        Assert.Equal("c1", ParentOf(threads, "t3"));
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_keep_the_cache_consistent_and_within_its_capacity()
    {
        var threads = new ThreadParents(capacity: 64);
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 5_000; i++)
            {
                var id = $"t{w}-{i}";
                threads.Remember(new DiscordChannel { Id = id, Type = ChannelType.PublicThread, ParentId = "p-" + id });
                if (threads.TryGetParent(id, out var parent)) Assert.Equal("p-" + id, parent);
                if (i % 7 == 0) threads.Forget($"t{w}-{i - 3}");
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.InRange(threads.Count, 1, 64);
    }

    [Fact]
    public void A_malformed_thread_dispatch_is_logged_and_does_not_throw()
    {
        var logs = new ListLogger();
        var threads = new ThreadParents(logs.For<ThreadParents>());
        Assert.True(threads.Apply(Dispatch("THREAD_CREATE", new { type = 11, parent_id = "c1" }))); // no id
        Assert.Equal(0, threads.Count);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("THREAD_CREATE"));
    }

    [Fact]
    public void Other_dispatches_are_not_taken()
    {
        var threads = new ThreadParents();
        Assert.False(threads.Apply(Dispatch("MESSAGE_CREATE", new { id = "m1", channel_id = "t1" })));
        Assert.Equal(0, threads.Count);
    }
}
