using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Globalization;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;

namespace SourceBot.Discord;

/// <summary>
/// The Discord side's metrics (Meter <see cref="MeterName"/>), for whatever exporter the host attaches: each shard's gateway
/// state, heartbeat latency and reconnects, read from <see cref="IShardStatus"/> when collected; the REST 429s by whose limit
/// was hit; and the depth of the queues registered with <see cref="ObserveQueue"/> (gateway events not yet dispatched, mentions
/// waiting for an answer slot).
/// </summary>
public sealed class DiscordMetrics
{
    public const string MeterName = "SourceBot.Discord";

    private readonly Func<IShardStatus> _shards;
    private readonly Counter<long> _rateLimited;
    private ImmutableArray<(string Queue, Func<int?> Depth)> _queues = [];

    /// <param name="meters">The host's meter factory (AddMetrics), which owns and disposes the meter.</param>
    /// <param name="shards">The shards' status, asked for when the metrics are collected (the gateway needs the REST client, which counts 429s here).</param>
    internal DiscordMetrics(IMeterFactory meters, Func<IShardStatus> shards)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _shards = shards;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("sourcebot.discord.shard.ready", ShardReadiness, "{shard}",
            "1 while the shard's gateway session is ready (connected, receiving events), else 0; the state label says where it is.");
        meter.CreateObservableGauge("sourcebot.discord.shard.heartbeat_latency", HeartbeatLatencies, "s",
            "Time from the shard's last acknowledged heartbeat to its ACK.");
        meter.CreateObservableCounter("sourcebot.discord.shard.reconnects", Reconnects, "{reconnect}",
            "Times the shard set out to connect again after its connection ended or failed.");
        _rateLimited = meter.CreateCounter<long>("sourcebot.discord.rest.rate_limited", "{response}",
            "REST responses 429 Too Many Requests, by scope: route (the bot's limit on a route), global, or shared (the resource's).");
        meter.CreateObservableGauge("sourcebot.discord.queue.depth", QueueDepths, "{item}",
            "Items waiting: gateway events not yet dispatched (events), mentions waiting for an answer slot (mentions).");
    }

    /// <summary>
    /// Reports a queue's depth as <c>sourcebot.discord.queue.depth{queue=…}</c> from now on; <paramref name="depth"/> is read when
    /// the metrics are collected, and null (a queue that cannot count) leaves it out.
    /// </summary>
    internal void ObserveQueue(string queue, Func<int?> depth) => ImmutableInterlocked.Update(ref _queues, q => q.Add((queue, depth)));

    /// <summary>Counts a 429: a global one, else by its <c>X-RateLimit-Scope</c> (no header counts as the route's).</summary>
    internal void RateLimited(RateLimitScope scope, bool global) =>
        _rateLimited.Add(1, new KeyValuePair<string, object?>("scope", global || scope == RateLimitScope.Global ? "global" : scope == RateLimitScope.Shared ? "shared" : "route"));

    private IEnumerable<Measurement<int>> ShardReadiness() =>
        _shards().Shards.Select(s => new Measurement<int>(s.IsReady ? 1 : 0, ShardTag(s), new KeyValuePair<string, object?>("state", StateName(s.State))));

    private IEnumerable<Measurement<double>> HeartbeatLatencies() =>
        _shards().Shards.Where(s => s.HeartbeatLatency is not null).Select(s => new Measurement<double>(s.HeartbeatLatency!.Value.TotalSeconds, ShardTag(s)));

    private IEnumerable<Measurement<long>> Reconnects() =>
        _shards().Shards.Select(s => new Measurement<long>(s.Reconnects, ShardTag(s)));

    private IEnumerable<Measurement<int>> QueueDepths()
    {
        foreach (var (queue, depth) in _queues)
        {
            if (depth() is { } items) yield return new Measurement<int>(items, new KeyValuePair<string, object?>("queue", queue));
        }
    }

    private static KeyValuePair<string, object?> ShardTag(ShardStatus shard) => new("shard", shard.ShardId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The state as a metric label: stable snake_case, whatever the enum's member names become.</summary>
    internal static string StateName(GatewayState state) => state switch
    {
        GatewayState.Stopped => "stopped",
        GatewayState.Connecting => "connecting",
        GatewayState.Identifying => "identifying",
        GatewayState.Resuming => "resuming",
        GatewayState.Ready => "ready",
        GatewayState.Reconnecting => "reconnecting",
        GatewayState.Failed => "failed",
        _ => "other",
    };
}
