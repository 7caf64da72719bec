namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// One shard's gateway session as of the moment it was read: an immutable snapshot, safe to keep and pass between threads.
/// </summary>
/// <param name="ShardId">The shard's id, from 0.</param>
/// <param name="ShardCount">The bot's shard count (the second number of the shard pair sent in IDENTIFY).</param>
/// <param name="State">Where the session is: <see cref="GatewayState.Ready"/> while connected and receiving events.</param>
/// <param name="HeartbeatLatency">The time from the last acknowledged periodic heartbeat to its ACK; null before the first one.</param>
/// <param name="SessionEstablishedAt">When the current session got READY (a resume keeps it); null before that.</param>
/// <param name="Reconnects">Times the shard set out to connect again after a connection ended or failed (to resume or identify anew).</param>
public sealed record ShardStatus(int ShardId, int ShardCount, GatewayState State, TimeSpan? HeartbeatLatency, DateTimeOffset? SessionEstablishedAt, int Reconnects)
{
    /// <summary>Connected and receiving events.</summary>
    public bool IsReady => State == GatewayState.Ready;
}
