using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client.Gateway;

/// <summary>Several shards in one process, against the fake Discord on loopback: identifies, spacing, events, resumes and status.</summary>
public sealed class ShardingTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private DiscordRestClient _rest = null!;
    private readonly ListLogger _logs = new();
    private readonly List<DiscordGatewayClient> _clients = [];

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _rest = new DiscordRestClient(TestData.Options(o => o.ApiBaseUrl = _fake.ApiBase), TimeProvider.System, NullLogger.Instance, null, () => 0);
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) await c.DisposeAsync();
        _rest.Dispose();
        await _fake.DisposeAsync();
    }

    private DiscordGatewayClient Client(int? count, int[]? ids = null, TimeProvider? time = null)
    {
        var client = new DiscordGatewayClient(TestData.Options(o =>
        {
            o.ApiBaseUrl = _fake.ApiBase;
            o.Shards = new DiscordShardOptions { Count = count, Ids = [.. ids ?? []] };
        }), _rest, time ?? new FakeTimeProvider(), _logs.CreateLogger("gateway"), () => 0);
        _clients.Add(client);
        return client;
    }

    private (int, int)[] IdentifiedPairs() => _fake.Identifies.Select(i => (i.ShardId, i.ShardCount)).Order().ToArray();

    [Fact]
    public async Task Two_shards_in_one_process_identify_with_shard_pairs_0_2_and_1_2()
    {
        _fake.MaxConcurrency = 2; // one bucket each: both identify at once
        var client = Client(count: 2);
        await client.StartAsync();

        await _fake.HandshakeShardsAsync(2);
        Assert.Equal([(0, 2), (1, 2)], IdentifiedPairs());
    }

    [Fact]
    public async Task A_process_configured_with_ids_1_of_2_identifies_only_shard_1()
    {
        var client = Client(count: 2, ids: [1]);
        await client.StartAsync();

        await _fake.HandshakeShardsAsync(1);
        await Eventually.UntilAsync(() => client.AllReady); // every shard of this process is ready: there is no other
        Assert.Equal([(1, 2)], IdentifiedPairs());
        Assert.Equal([1], client.Shards.Select(s => s.ShardId));
        Assert.Equal(1, _fake.ConnectionCount);
    }

    [Fact]
    public async Task Without_a_configured_count_the_recommended_shards_of_gateway_bot_are_run()
    {
        _fake.RecommendedShards = 3;
        _fake.MaxConcurrency = 3;
        var client = Client(count: null);
        await client.StartAsync();

        await _fake.HandshakeShardsAsync(3);
        Assert.Equal([(0, 3), (1, 3), (2, 3)], IdentifiedPairs());
        Assert.Single(_fake.Requests, r => r.Path == "/gateway/bot"); // the count's reading serves the first identifies too
    }

    [Fact]
    public async Task Identifies_of_one_max_concurrency_bucket_are_five_seconds_apart_and_other_buckets_do_not_wait()
    {
        _fake.MaxConcurrency = 2; // shards 0 and 2 share bucket 0; shard 1 has bucket 1
        var time = new FakeTimeProvider();
        _fake.Clock = time;
        var client = Client(count: 3, time: time);
        await client.StartAsync();

        await _fake.HandshakeShardsAsync(2); // fake time has not moved: these two identified at once
        Assert.Equal([(0, 3), (1, 3)], IdentifiedPairs());
        Assert.Equal(2, _fake.ConnectionCount); // shard 2 waits for bucket 0 before opening its socket

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount == 3);
        await _fake.HandshakeShardsAsync(1);
        var byShard = _fake.Identifies.ToDictionary(i => i.ShardId, i => i.At);
        Assert.Equal(byShard[0], byShard[1]);
        Assert.True(byShard[2] - byShard[0] >= IdentifyScheduler.Interval, $"shard 2 identified {byShard[2] - byShard[0]} after shard 0");
    }

    [Fact]
    public async Task A_shard_whose_connection_drops_resumes_while_the_other_keeps_delivering_events()
    {
        _fake.MaxConcurrency = 2;
        var time = new FakeTimeProvider();
        var client = Client(count: 2, time: time);
        await client.StartAsync();
        var shards = await _fake.HandshakeShardsAsync(2);
        await Eventually.UntilAsync(() => client.AllReady);

        shards[0].Abort();
        await shards[1].DispatchAsync("MESSAGE_CREATE", 2, new { id = "m-shard-1", channel_id = "c1", content = "still here" });
        var delivered = await ReadUntilAsync(client, d => d.Type == "MESSAGE_CREATE");
        Assert.Equal(1, delivered.Shard);
        Assert.Equal("m-shard-1", delivered.Data.GetProperty("id").GetString());

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount == 3);
        var resumed = await _fake.NextConnectionAsync();
        Assert.Equal("/resume", resumed.Path);
        await resumed.SendHelloAsync();
        var resume = await resumed.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal("s-0", resume.GetProperty("d").GetProperty("session_id").GetString());
        Assert.False(shards[1].Closed.IsCompleted, "the other shard's connection was closed");
        Assert.Equal(2, _fake.Identifies.Count); // a resume, not a new identify
    }

    [Fact]
    public async Task Shard_status_says_ready_after_ready_and_not_while_a_dropped_shard_reconnects()
    {
        _fake.MaxConcurrency = 2;
        var time = new FakeTimeProvider();
        var client = Client(count: 2, time: time);
        Assert.Empty(client.Shards);
        Assert.False(client.AllReady);
        await client.StartAsync();
        var shards = await _fake.HandshakeShardsAsync(2);
        await Eventually.UntilAsync(() => client.AllReady);
        var ready = client.Shards;
        Assert.All(ready, s => Assert.Equal(GatewayState.Ready, s.State));
        Assert.All(ready, s => Assert.Equal(time.GetUtcNow(), s.SessionEstablishedAt));
        Assert.All(ready, s => Assert.Equal(0, s.Reconnects));

        shards[1].Abort();
        await Eventually.UntilAsync(() => !client.Shards[1].IsReady);
        Assert.False(client.AllReady);
        Assert.True(client.Shards[0].IsReady);
        Assert.NotEqual(GatewayState.Ready, client.State);

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount == 3);
        var again = await _fake.NextConnectionAsync();
        await again.SendHelloAsync();
        await again.ReceiveAsync(); // resume
        await again.DispatchAsync("RESUMED", 2, new { });
        await Eventually.UntilAsync(() => client.AllReady);
        Assert.Equal(1, client.Shards[1].Reconnects);
        Assert.Equal(0, client.Shards[0].Reconnects);
        Assert.Equal(GatewayState.Ready, client.State);
    }

    [Fact]
    public async Task Shard_status_reports_the_time_from_a_heartbeat_to_its_ack()
    {
        var time = new FakeTimeProvider();
        var client = Client(count: 1, time: time);
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        connection.AckHeartbeats = false;
        await connection.HandshakeAsync("s-0", _fake.ResumeUrl, heartbeatIntervalMs: 1000);
        await Eventually.UntilAsync(() => client.AllReady);
        Assert.Null(client.Shards[0].HeartbeatLatency);

        await Eventually.UntilAsync(() => connection.HeartbeatCount == 1); // the first beat goes at once (jitter 0), unanswered
        time.Advance(TimeSpan.FromMilliseconds(120));
        await connection.SendAsync(new { op = 11 });
        await Eventually.UntilAsync(() => client.Shards[0].HeartbeatLatency is not null);
        Assert.Equal(TimeSpan.FromMilliseconds(120), client.Shards[0].HeartbeatLatency);
    }

    [Fact]
    public async Task Every_dispatch_carries_its_shard_and_shard_log_lines_carry_a_structured_shard_field()
    {
        _fake.MaxConcurrency = 2;
        var client = Client(count: 2);
        await client.StartAsync();
        var shards = await _fake.HandshakeShardsAsync(2);
        await shards[1].DispatchAsync("GUILD_CREATE", 2, new { id = "g1" });

        var guild = await ReadUntilAsync(client, d => d.Type == "GUILD_CREATE");
        Assert.Equal(1, guild.Shard);
        Assert.Contains(_logs.Lines, l => l.Contains("Identifying shard 1 of 2", StringComparison.Ordinal) && l.Contains("Shard=1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4011, "sharding required", "Shards:Count")]
    [InlineData(4010, "invalid shard", "SourceBot:Discord:Shards")]
    public async Task Close_codes_4010_and_4011_stop_every_shard_for_good_with_a_message_naming_the_shard_and_the_setting(int code, string meaning, string setting)
    {
        _fake.MaxConcurrency = 2;
        _fake.RecommendedShards = 4;
        var client = Client(count: 2);
        await client.StartAsync();
        var shards = await _fake.HandshakeShardsAsync(2);

        await shards[1].CloseAsync(code, "closed");
        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => client.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(code, error.CloseCode);
        Assert.Contains(meaning, error.Message);
        Assert.Contains("shard 1 of 2", error.Message);
        Assert.Contains(setting, error.Message);
        Assert.Contains("Discord recommends 4", error.Message);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await shards[0].Closed.WaitAsync(TimeSpan.FromSeconds(10))); // the other shard closed cleanly
        Assert.Contains(_logs.Lines, l => l.StartsWith("Critical:", StringComparison.Ordinal) && l.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(GatewayState.Failed, client.State);
        Assert.Equal(2, _fake.ConnectionCount); // no reconnect
    }

    [Fact]
    public async Task Shard_ids_beyond_the_recommended_count_stop_the_gateway_before_any_connection_with_a_message_naming_them()
    {
        _fake.RecommendedShards = 2;
        var client = Client(count: null, ids: [1, 3]);
        await client.StartAsync();

        var error = await Assert.ThrowsAsync<DiscordConfigurationException>(() => client.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("SourceBot:Discord:Shards:Ids has 3", error.Message);
        Assert.Contains("Discord recommends 2 shards", error.Message);
        Assert.Equal(0, _fake.ConnectionCount);
        Assert.Equal(GatewayState.Failed, client.State);
        Assert.Empty(client.Shards);
    }

    /// <summary>Reads events until one matches (the READYs and others before it are skipped).</summary>
    private static async Task<GatewayDispatch> ReadUntilAsync(DiscordGatewayClient client, Func<GatewayDispatch, bool> match)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var dispatch = await client.Events.ReadAsync(cts.Token);
            if (match(dispatch)) return dispatch;
        }
    }
}
