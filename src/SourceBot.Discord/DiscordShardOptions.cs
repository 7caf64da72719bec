namespace SourceBot.Discord;

/// <summary>
/// Discord's sharding (<c>SourceBot:Discord:Shards</c>): how many shards the bot's guilds are split into and which of them this
/// process runs. Each shard is its own gateway session; several processes with disjoint <see cref="Ids"/> share the load. Any
/// process answers the interactions and buttons its shards bring, whoever posted the message first.
/// </summary>
public sealed class DiscordShardOptions
{
    /// <summary>The total number of shards; null takes Discord's recommended count (<c>shards</c> of GET /gateway/bot) at start.</summary>
    public int? Count { get; set; }

    /// <summary>
    /// The shard ids this process runs, each from 0 to <see cref="Count"/> - 1; empty runs them all. Direct messages reach
    /// shard 0 only.
    /// </summary>
    public List<int> Ids { get; set; } = [];
}
