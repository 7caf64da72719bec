using System.Collections.Immutable;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// The gateway shards this process runs, for health checks and metrics. Thread-safe: each read returns a new snapshot.
/// </summary>
public interface IShardStatus
{
    /// <summary>
    /// This process's shards in id order; empty before the shard count is known (when it comes from GET /gateway/bot) and
    /// after a start that failed before any shard was created.
    /// </summary>
    ImmutableArray<ShardStatus> Shards { get; }

    /// <summary>True when this process's shards are known and every one of them is <see cref="GatewayState.Ready"/>.</summary>
    bool AllReady { get; }
}
