using System.Collections.Immutable;
using SourceBot.Discord.Client.Gateway;

namespace SourceBot.Tests.Operations;

/// <summary>Shards whose states a test sets while the endpoint reads them from its own threads.</summary>
internal sealed class ShardStatusStub : IShardStatus
{
    private readonly Lock _lock = new();
    private ImmutableArray<ShardStatus> _shards = [];

    public ImmutableArray<ShardStatus> Shards
    {
        get { lock (_lock) return _shards; }
    }

    public bool AllReady => Shards is { IsEmpty: false } shards && shards.All(s => s.IsReady);

    /// <summary>Sets every shard of a bot with <paramref name="states"/>.Length shards, shard i in states[i].</summary>
    public void Set(params GatewayState[] states)
    {
        var shards = states.Select((state, id) => new ShardStatus(id, states.Length, state, null, null, 0)).ToImmutableArray();
        lock (_lock) _shards = shards;
    }
}
