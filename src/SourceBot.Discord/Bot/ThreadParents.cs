using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Bot;

/// <summary>
/// Which channel each thread was created in, learned from the gateway events the GUILDS intent delivers: GUILD_CREATE's
/// <c>threads</c> (the active threads at connect), THREAD_CREATE, THREAD_UPDATE, THREAD_LIST_SYNC and THREAD_DELETE. A message
/// in a thread carries the thread's id as its <c>channel_id</c> and no parent id, so this is how the channel allow-list can
/// count a thread as its parent channel. Thread-safe; holds at most a fixed number of threads, forgetting the least recently
/// used first.
/// </summary>
public sealed class ThreadParents
{
    public const int DefaultCapacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byThread = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently used first
    private readonly int _capacity;
    private readonly ILogger _logger;

    public ThreadParents(ILogger<ThreadParents>? logger = null) : this(DefaultCapacity, logger)
    {
    }

    internal ThreadParents(int capacity, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _logger = logger ?? NullLogger.Instance;
    }

    private sealed record Entry(string ThreadId, string ParentId, string? GuildId);

    public int Count
    {
        get
        {
            lock (_gate) return _byThread.Count;
        }
    }

    /// <summary>The channel the thread was created in, when the thread is known.</summary>
    public bool TryGetParent(string threadId, out string parentId)
    {
        lock (_gate)
        {
            if (_byThread.TryGetValue(threadId, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                parentId = node.Value.ParentId;
                return true;
            }
        }
        parentId = "";
        return false;
    }

    /// <summary>Notes a thread and its parent; anything that is not a thread (type 10, 11 or 12) with a parent id is ignored.</summary>
    public void Remember(DiscordChannel thread, string? guildId = null)
    {
        ArgumentNullException.ThrowIfNull(thread);
        if (!thread.Type.IsThread() || string.IsNullOrEmpty(thread.Id) || string.IsNullOrEmpty(thread.ParentId)) return;
        lock (_gate) Put(new Entry(thread.Id, thread.ParentId, thread.GuildId ?? guildId));
    }

    public void Forget(string threadId)
    {
        lock (_gate)
        {
            if (_byThread.Remove(threadId, out var node)) _recency.Remove(node);
        }
    }

    /// <summary>
    /// THREAD_LIST_SYNC, as the Threads topic advises: first forgets the guild's threads under the synced channels (all of the
    /// guild's when <c>channel_ids</c> is absent), then notes the threads sent.
    /// </summary>
    public void Sync(ThreadListSyncEvent sync)
    {
        ArgumentNullException.ThrowIfNull(sync);
        var channels = sync.ChannelIds is null ? null : new HashSet<string>(sync.ChannelIds, StringComparer.Ordinal);
        lock (_gate)
        {
            for (var node = _recency.First; node is not null;)
            {
                var next = node.Next;
                var e = node.Value;
                if (e.GuildId == sync.GuildId && (channels is null || channels.Contains(e.ParentId)))
                {
                    _recency.Remove(node);
                    _byThread.Remove(e.ThreadId);
                }
                node = next;
            }
        }
        foreach (var thread in sync.Threads ?? []) Remember(thread, sync.GuildId);
    }

    /// <summary>Feeds a gateway dispatch to the cache; false when it is not one of the events that tell about threads.</summary>
    public bool Apply(GatewayDispatch dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        try
        {
            switch (dispatch.Type)
            {
                case "GUILD_CREATE":
                    if (DiscordJson.Deserialize<GuildCreateEvent>(dispatch.Data) is { Unavailable: not true } guild)
                    {
                        foreach (var thread in guild.Threads ?? []) Remember(thread, guild.Id);
                        _logger.LogDebug("Guild {GuildId} has {ThreadCount} active threads", guild.Id, guild.Threads?.Count ?? 0);
                    }
                    return true;
                case "THREAD_CREATE" or "THREAD_UPDATE":
                    if (DiscordJson.Deserialize<DiscordChannel>(dispatch.Data) is { } created) Remember(created);
                    return true;
                case "THREAD_DELETE":
                    if (DiscordJson.Deserialize<DiscordChannel>(dispatch.Data) is { } deleted) Forget(deleted.Id);
                    return true;
                case "THREAD_LIST_SYNC":
                    if (DiscordJson.Deserialize<ThreadListSyncEvent>(dispatch.Data) is { } sync) Sync(sync);
                    return true;
                default:
                    return false;
            }
        }
        catch (JsonException e)
        {
            _logger.LogWarning("Could not read a {Event} dispatch: {Reason}", dispatch.Type, e.Message);
            return true;
        }
    }

    private void Put(Entry entry)
    {
        if (_byThread.TryGetValue(entry.ThreadId, out var existing))
        {
            existing.Value = entry;
            _recency.Remove(existing);
            _recency.AddFirst(existing);
            return;
        }
        _byThread[entry.ThreadId] = _recency.AddFirst(entry);
        while (_byThread.Count > _capacity && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _byThread.Remove(oldest.Value.ThreadId);
        }
    }
}
