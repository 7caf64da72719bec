using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SourceBot.Core.Engine;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests;

/// <summary>The Discord side's metrics: each shard's gateway state, the REST 429s by scope, and the event queues' depth.</summary>
public sealed class DiscordMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly ShardStatusStub _shards = new();

    public DiscordMetricsTests() => _meters = _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();

    private DiscordMetrics Metrics() => new(_meters, () => _shards);

    private static ShardStatus Shard(int id, GatewayState state, TimeSpan? latency = null, int reconnects = 0) =>
        new(id, 3, state, latency, state == GatewayState.Ready ? DateTimeOffset.UnixEpoch : null, reconnects);

    private static IReadOnlyList<CollectedMeasurement<T>> Observe<T>(MetricCollector<T> collector) where T : struct
    {
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot();
    }

    [Fact]
    public void Each_shard_reads_1_when_ready_and_0_otherwise_with_its_state_as_a_label()
    {
        using var ready = new MetricCollector<int>(_meters, DiscordMetrics.MeterName, "sourcebot.discord.shard.ready");
        Metrics();
        _shards.Shards = [Shard(0, GatewayState.Ready), Shard(1, GatewayState.Resuming), Shard(2, GatewayState.Connecting)];

        var byShard = Observe(ready).ToDictionary(m => (string)m.Tags["shard"]!, m => (m.Value, State: (string)m.Tags["state"]!));

        Assert.Equal(new Dictionary<string, (int, string)> { ["0"] = (1, "ready"), ["1"] = (0, "resuming"), ["2"] = (0, "connecting") }, byShard);
    }

    [Fact]
    public void A_shard_that_becomes_ready_reads_1_at_the_next_collection()
    {
        using var ready = new MetricCollector<int>(_meters, DiscordMetrics.MeterName, "sourcebot.discord.shard.ready");
        Metrics();
        _shards.Shards = [Shard(0, GatewayState.Identifying)];
        Assert.Equal(0, Assert.Single(Observe(ready)).Value);
        ready.Clear();

        _shards.Shards = [Shard(0, GatewayState.Ready)];

        Assert.Equal(1, Assert.Single(Observe(ready)).Value);
    }

    [Fact]
    public void Heartbeat_latency_is_reported_in_seconds_for_each_shard_that_has_one()
    {
        using var latency = new MetricCollector<double>(_meters, DiscordMetrics.MeterName, "sourcebot.discord.shard.heartbeat_latency");
        Metrics();
        _shards.Shards = [Shard(0, GatewayState.Ready, TimeSpan.FromMilliseconds(42)), Shard(1, GatewayState.Connecting)];

        var measured = Assert.Single(Observe(latency));

        Assert.Equal("0", measured.Tags["shard"]);
        Assert.Equal(0.042, measured.Value, precision: 6);
    }

    [Fact]
    public void Reconnects_are_reported_per_shard()
    {
        using var reconnects = new MetricCollector<long>(_meters, DiscordMetrics.MeterName, "sourcebot.discord.shard.reconnects");
        Metrics();
        _shards.Shards = [Shard(0, GatewayState.Ready, reconnects: 2), Shard(1, GatewayState.Ready, reconnects: 0)];

        var byShard = Observe(reconnects).ToDictionary(m => (string)m.Tags["shard"]!, m => m.Value);

        Assert.Equal(new Dictionary<string, long> { ["0"] = 2, ["1"] = 0 }, byShard);
    }

    [Fact]
    public void Queue_depths_are_reported_per_queue_and_a_queue_that_cannot_count_is_left_out()
    {
        using var depth = new MetricCollector<int>(_meters, DiscordMetrics.MeterName, "sourcebot.discord.queue.depth");
        var metrics = Metrics();
        metrics.ObserveQueue("events", () => null);
        metrics.ObserveQueue("mentions", () => 7);

        var measured = Assert.Single(Observe(depth));

        Assert.Equal("mentions", measured.Tags["queue"]);
        Assert.Equal(7, measured.Value);
    }

    [Fact]
    public async Task Each_429_from_Discord_is_counted_by_whose_limit_was_hit()
    {
        using var rateLimited = new MetricCollector<long>(_meters, DiscordMetrics.MeterName, "sourcebot.discord.rest.rate_limited");
        await using var fake = await FakeDiscord.StartAsync();
        FakeResponse TooMany(bool global, string? scope) => new(429, $$"""{"message":"You are being rate limited.","retry_after":0,"global":{{(global ? "true" : "false")}}}""",
            scope is null ? null : new Dictionary<string, string> { ["X-RateLimit-Scope"] = scope });
        int calls = 0;
        fake.Responder = _ => Interlocked.Increment(ref calls) switch
        {
            1 => TooMany(global: false, scope: "shared"),
            2 => TooMany(global: false, scope: null),
            3 => TooMany(global: false, scope: "user"),
            4 => TooMany(global: true, scope: "global"),
            _ => null,
        };
        using var client = new DiscordRestClient(TestData.Options(o => o.ApiBaseUrl = fake.ApiBase), TimeProvider.System, NullLogger.Instance, null, () => 0,
            metrics: Metrics());

        await client.CreateMessageAsync("5", new MessagePayload { Content = "hi", AllowedMentions = AllowedMentions.None });

        var byScope = rateLimited.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["scope"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["shared"] = 1, ["route"] = 2, ["global"] = 1 }, byScope);
    }

    [Fact]
    public void AddSourceBotDiscord_registers_metrics_that_read_the_gateway_event_queue_the_mention_queue_and_the_answer_slots_queue()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new Mock<IAnswerService>().Object);
        services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SourceBot:Discord:Token"] = TestData.Token,
            ["SourceBot:Discord:FeedbackDatabasePath"] = Path.Combine(Path.GetTempPath(), "sb-metrics-" + Guid.NewGuid().ToString("N"), "feedback.db"),
        }).Build());
        using var provider = services.BuildServiceProvider();
        using var depth = new MetricCollector<int>(provider.GetRequiredService<IMeterFactory>(), DiscordMetrics.MeterName, "sourcebot.discord.queue.depth");

        provider.GetServices<IHostedService>().OfType<SourceBotDiscordService>().Single(); // the bot, as the host starts it
        var queues = Observe(depth).ToDictionary(m => (string)m.Tags["queue"]!, m => m.Value);

        Assert.Equal(new Dictionary<string, int> { ["events"] = 0, ["mentions"] = 0, ["answers"] = 0 }, queues);
    }

    /// <summary>Shards whose status the test sets (read on the test's thread, when it collects).</summary>
    private sealed class ShardStatusStub : IShardStatus
    {
        public ImmutableArray<ShardStatus> Shards { get; set; } = [];

        public bool AllReady => Shards is { IsEmpty: false } shards && shards.All(s => s.IsReady);
    }
}
