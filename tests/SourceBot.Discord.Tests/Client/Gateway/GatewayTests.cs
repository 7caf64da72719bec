using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client.Gateway;

/// <summary>The real gateway client against the fake Discord on loopback.</summary>
public sealed class GatewayTests : IAsyncLifetime
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

    private DiscordGatewayClient Client(Action<DiscordOptions>? configure = null, TimeProvider? time = null, double random = 0.5)
    {
        var client = new DiscordGatewayClient(TestData.Options(o => { o.ApiBaseUrl = _fake.ApiBase; configure?.Invoke(o); }), _rest,
            time ?? TimeProvider.System, _logs.CreateLogger("gateway"), () => random);
        _clients.Add(client);
        return client;
    }

    [Fact]
    public async Task Connects_with_the_url_from_gateway_bot_and_identifies_with_guilds_messages_dms_and_message_content()
    {
        var client = Client(o => o.AnswerMentions = true);
        await client.StartAsync();

        var gatewayBot = await _fake.WaitForRequestAsync(r => r.Path == "/gateway/bot");
        Assert.Equal("GET", gatewayBot.Method);
        var connection = await _fake.NextConnectionAsync();
        Assert.Equal("/gateway", connection.Path);
        Assert.Contains("v=10", connection.Query);
        Assert.Contains("encoding=json", connection.Query);

        var identify = await connection.HandshakeAsync("s1", _fake.ResumeUrl);
        Assert.Equal(2, identify.GetProperty("op").GetInt32());
        var d = identify.GetProperty("d");
        Assert.Equal(TestData.Token, d.GetProperty("token").GetString());
        // GUILDS (1) | GUILD_MESSAGES (512) | DIRECT_MESSAGES (4096) | MESSAGE_CONTENT (32768)
        Assert.Equal(1 + 512 + 4096 + 32768, d.GetProperty("intents").GetInt32());
        Assert.Equal("SourceBot", d.GetProperty("properties").GetProperty("browser").GetString());
    }

    [Fact]
    public async Task Identifies_without_the_privileged_message_content_intent_when_mentions_are_not_answered()
    {
        var client = Client(o => o.AnswerMentions = false);
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        var identify = await connection.HandshakeAsync("s1", _fake.ResumeUrl);
        Assert.Equal(1 + 512 + 4096, identify.GetProperty("d").GetProperty("intents").GetInt32());
    }

    [Fact]
    public async Task Queues_dispatch_events_with_their_name_sequence_and_data()
    {
        var client = Client();
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.HandshakeAsync("s1", _fake.ResumeUrl);
        await connection.DispatchAsync("MESSAGE_CREATE", 2, new { id = "m1", channel_id = "c1", content = "hello" });

        var ready = await client.Events.ReadAsync();
        Assert.Equal("READY", ready.Type);
        var message = await client.Events.ReadAsync();
        Assert.Equal("MESSAGE_CREATE", message.Type);
        Assert.Equal(2, message.Sequence);
        Assert.Equal("hello", message.Data.GetProperty("content").GetString());
        Assert.Equal("42", client.CurrentUser?.Id);
        Assert.Equal("1000", client.ApplicationId);
    }

    [Fact]
    public async Task Resumes_on_the_resume_url_with_session_id_and_last_sequence_after_the_server_drops_the_connection()
    {
        var client = Client(random: 0);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("session-abc", _fake.ResumeUrl);
        await first.DispatchAsync("MESSAGE_CREATE", 2, new { id = "m1", channel_id = "c1" });
        await first.DispatchAsync("MESSAGE_CREATE", 7, new { id = "m2", channel_id = "c1" });
        for (int i = 0; i < 3; i++) await client.Events.ReadAsync(); // READY + 2 messages seen
        first.Abort();

        var second = await _fake.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        Assert.Contains("v=10", second.Query);
        await second.SendHelloAsync();
        var resume = await second.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal("session-abc", resume.GetProperty("d").GetProperty("session_id").GetString());
        Assert.Equal(7, resume.GetProperty("d").GetProperty("seq").GetInt32());
        Assert.Equal(TestData.Token, resume.GetProperty("d").GetProperty("token").GetString());
        Assert.Single(_fake.Requests, r => r.Path == "/gateway/bot"); // a resume does not fetch a new gateway URL
    }

    [Fact]
    public async Task Stops_for_good_on_close_code_4004_with_a_message_saying_to_fix_the_token()
    {
        var client = Client();
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ReceiveAsync(); // identify
        await connection.CloseAsync(4004, "Authentication failed.");

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => client.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(4004, error.CloseCode);
        Assert.Contains("SourceBot:Discord:Token", error.Message);
        Assert.DoesNotContain(TestData.Token, error.Message);
        Assert.Equal(GatewayState.Failed, client.State);
        Assert.Equal(1, _fake.ConnectionCount); // the loop has ended: no reconnect attempt
        Assert.Single(_fake.Requests, r => r.Path == "/gateway/bot");
    }

    [Fact]
    public async Task Stops_for_good_on_close_code_4014_and_says_to_enable_message_content_or_turn_mentions_off()
    {
        var client = Client();
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ReceiveAsync();
        await connection.CloseAsync(4014, "Disallowed intent(s).");

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => client.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(4014, error.CloseCode);
        Assert.Contains("Message Content", error.Message);
        Assert.Contains("AnswerMentions", error.Message);
        Assert.Equal(1, _fake.ConnectionCount);
    }

    [Fact]
    public async Task Sends_heartbeats_with_the_last_sequence_number_on_the_heartbeat_interval()
    {
        var time = new FakeTimeProvider();
        var client = Client(time: time, random: 0.5);
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.HandshakeAsync("s1", _fake.ResumeUrl, heartbeatIntervalMs: 1000);
        await connection.DispatchAsync("MESSAGE_CREATE", 5, new { id = "m", channel_id = "c" });
        await client.Events.ReadAsync();
        await client.Events.ReadAsync();

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(100), () => connection.HeartbeatCount >= 2);
        var beat = await connection.NextHeartbeatAsync();
        Assert.Equal(1, beat.GetProperty("op").GetInt32());
        Assert.Equal(5, beat.GetProperty("d").GetInt32());
    }

    [Fact]
    public async Task Answers_a_heartbeat_request_from_the_server_at_once()
    {
        var client = Client(time: new FakeTimeProvider()); // fake time never advances: only the request can cause a beat
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.HandshakeAsync("s1", _fake.ResumeUrl);
        await connection.SendAsync(new { op = 1, d = (int?)null });
        var beat = await connection.NextHeartbeatAsync();
        Assert.Equal(1, beat.GetProperty("d").GetInt32()); // READY carried s = 1
    }

    [Fact]
    public async Task A_heartbeat_before_any_sequence_number_carries_null()
    {
        var client = Client(time: new FakeTimeProvider()); // only the server's request can cause a beat
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ReceiveAsync(); // identify; no READY (and so no sequence number) yet
        await connection.SendAsync(new { op = 1, d = (int?)null });
        var beat = await connection.NextHeartbeatAsync();
        Assert.Equal(JsonValueKind.Null, beat.GetProperty("d").ValueKind);
        Assert.Null(client.Shard(0).Session.Sequence);
    }

    [Fact]
    public async Task A_session_that_cannot_be_resumed_forgets_its_sequence_number()
    {
        var time = new FakeTimeProvider();
        var client = Client(time: time, random: 0.5); // periodic beats only after 22.5 s of fake time: every beat here is requested
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("old", _fake.ResumeUrl);
        await first.DispatchAsync("MESSAGE_CREATE", 9, new { id = "m", channel_id = "c" });
        await first.SendAsync(new { op = 1, d = (int?)null });
        Assert.Equal(9, (await first.NextHeartbeatAsync()).GetProperty("d").GetInt32());
        await first.SendAsync(new { op = 9, d = false });

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount >= 2);
        var second = await _fake.NextConnectionAsync();
        await second.SendHelloAsync();
        Assert.Equal(2, (await second.ReceiveAsync()).GetProperty("op").GetInt32()); // identify anew, not resume
        await second.SendAsync(new { op = 1, d = (int?)null });
        Assert.Equal(JsonValueKind.Null, (await second.NextHeartbeatAsync()).GetProperty("d").ValueKind);
    }

    [Fact]
    public async Task A_missing_heartbeat_ack_closes_the_zombie_connection_with_a_non_1000_code_and_resumes()
    {
        var time = new FakeTimeProvider();
        var client = Client(time: time, random: 0.5);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        first.AckHeartbeats = false;
        await first.HandshakeAsync("zombie-session", _fake.ResumeUrl, heartbeatIntervalMs: 1000);
        await client.Events.ReadAsync(); // READY

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(100), () => first.Closed.IsCompleted);
        var code = await first.Closed;
        Assert.NotNull(code);
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, code);
        Assert.NotEqual(WebSocketCloseStatus.EndpointUnavailable, code);

        var second = await _fake.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        await second.SendHelloAsync();
        var resume = await second.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal("zombie-session", resume.GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Reconnect_op_7_resumes_on_the_resume_url()
    {
        var client = Client();
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("s7", _fake.ResumeUrl);
        await first.SendAsync(new { op = 7, d = (object?)null });

        var second = await _fake.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        await second.SendHelloAsync();
        var resume = await second.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal("s7", resume.GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Invalid_session_that_cannot_be_resumed_waits_then_identifies_anew_on_the_gateway_url()
    {
        var time = new FakeTimeProvider();
        var client = Client(time: time, random: 0);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("old", _fake.ResumeUrl);
        await first.SendAsync(new { op = 9, d = false });

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount >= 2);
        var second = await _fake.NextConnectionAsync();
        Assert.Equal("/gateway", second.Path);
        await second.SendHelloAsync();
        var identify = await second.ReceiveAsync();
        Assert.Equal(2, identify.GetProperty("op").GetInt32());
        Assert.Equal(2, _fake.Requests.Count(r => r.Path == "/gateway/bot"));
    }

    [Fact]
    public async Task Invalid_session_that_can_be_resumed_resumes()
    {
        var client = Client();
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("keep", _fake.ResumeUrl);
        await first.SendAsync(new { op = 9, d = true });
        var second = await _fake.NextConnectionAsync();
        await second.SendHelloAsync();
        var resume = await second.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal("keep", resume.GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_resumable_close_code_reconnects_and_resumes()
    {
        var client = Client(random: 0);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("s4000", _fake.ResumeUrl);
        await first.CloseAsync(4000, "Unknown error");
        var second = await _fake.NextConnectionAsync();
        await second.SendHelloAsync();
        Assert.Equal(6, (await second.ReceiveAsync()).GetProperty("op").GetInt32());
    }

    [Fact]
    public async Task Close_code_4009_session_timed_out_identifies_anew()
    {
        var time = new FakeTimeProvider();
        var client = Client(time: time, random: 0);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("expired", _fake.ResumeUrl);
        await first.CloseAsync(4009, "Session timed out");
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount >= 2); // the next identify's turn
        var second = await _fake.NextConnectionAsync();
        Assert.Equal("/gateway", second.Path);
        await second.SendHelloAsync();
        Assert.Equal(2, (await second.ReceiveAsync()).GetProperty("op").GetInt32());
    }

    [Fact]
    public async Task StopAsync_closes_the_connection_with_code_1000_and_does_not_reconnect()
    {
        var client = Client();
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.HandshakeAsync("s1", _fake.ResumeUrl);
        await client.Events.ReadAsync();

        await client.StopAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await connection.Closed.WaitAsync(TimeSpan.FromSeconds(5)));
        await client.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, _fake.ConnectionCount);
        Assert.Equal(GatewayState.Stopped, client.State);
    }

    [Fact]
    public async Task Nothing_logged_by_the_gateway_contains_the_token()
    {
        var client = Client();
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.HandshakeAsync("s1", _fake.ResumeUrl);
        await connection.CloseAsync(4004, "Authentication failed for " + TestData.Token);
        await Assert.ThrowsAsync<DiscordGatewayException>(() => client.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(TestData.Token, _logs.All);
    }

    [Fact]
    public async Task A_used_up_session_start_limit_is_waited_out_before_the_socket_is_opened()
    {
        _fake.Responder = r => r.Path == "/gateway/bot"
            ? new FakeResponse(200, JsonSerializer.Serialize(new
            {
                url = _fake.GatewayUrl,
                shards = 1,
                session_start_limit = new { total = 1000, remaining = 0, reset_after = 5000, max_concurrency = 1 },
            }))
            : null;
        var time = new TimerWatchingTimeProvider();
        var client = Client(time: time);
        await client.StartAsync();
        await _fake.WaitForRequestAsync(r => r.Path == "/gateway/bot");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5)); // waiting out reset_after
        Assert.Equal(0, _fake.ConnectionCount); // no socket held open, unidentified, while waiting

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(500), () => _fake.ConnectionCount == 1);
        Assert.True(time.GetUtcNow() - new FakeTimeProvider().GetUtcNow() >= TimeSpan.FromSeconds(5));
        var connection = await _fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        Assert.Equal(2, (await connection.ReceiveAsync()).GetProperty("op").GetInt32()); // then identifies at once
    }

    [Fact]
    public async Task Repeated_invalid_sessions_before_ready_back_off_longer_each_time_and_ready_resets_the_backoff()
    {
        var time = new FakeTimeProvider();
        var client = Client(o => o.ReconnectMaxDelay = TimeSpan.FromMinutes(1), time: time, random: 0);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("s1", _fake.ResumeUrl);
        await first.SendAsync(new { op = 9, d = false });
        for (int n = 2; n <= 4; n++)
        {
            await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount >= n);
            var next = await _fake.NextConnectionAsync();
            await next.SendHelloAsync();
            Assert.Equal(2, (await next.ReceiveAsync()).GetProperty("op").GetInt32());
            if (n < 4) await next.SendAsync(new { op = 9, d = false }); // invalidated again before READY
            else
            {
                await next.SendReadyAsync("s2", _fake.ResumeUrl);
                await next.SendAsync(new { op = 9, d = false });
            }
        }
        await Eventually.UntilAsync(() => Waits().Length == 4);
        Assert.Equal([1000L, 2000L, 4000L, 1000L], Waits());

        long[] Waits() => _logs.Lines.Where(l => l.Contains("Reconnecting shard 0 to the Discord gateway in", StringComparison.Ordinal))
            .Select(l => long.Parse(System.Text.RegularExpressions.Regex.Match(l, @"in (\d+) ms").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    [Fact]
    public async Task A_heartbeat_the_server_requested_is_not_taken_for_a_missed_ack_by_the_next_periodic_check()
    {
        var time = new FakeTimeProvider();
        var client = Client(time: time, random: 0.5); // interval 1000 ms: periodic beats at 500 ms, 1500 ms, 2500 ms …
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.HandshakeAsync("s1", _fake.ResumeUrl, heartbeatIntervalMs: 1000);
        await client.Events.ReadAsync(); // READY
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.UntilAsync(() => connection.AckCount >= 1); // the first periodic beat, ACKed

        connection.AckHeartbeats = false; // the ACK to the requested beat has not arrived when the next periodic check runs
        await connection.SendAsync(new { op = 1, d = (int?)null });
        await Eventually.UntilAsync(() => connection.HeartbeatCount >= 2);
        connection.AckHeartbeats = true;

        // The client read the first ACK before the request (frames arrive in order), so a missed ACK can only be the reply's.
        time.Advance(TimeSpan.FromMilliseconds(1000)); // 1500 ms: the periodic check, then the next beat
        await Eventually.UntilAsync(() => connection.HeartbeatCount >= 3 || connection.Closed.IsCompleted);
        Assert.False(connection.Closed.IsCompleted, "closed as a zombie");
        Assert.Equal(3, connection.HeartbeatCount); // the periodic beat went out instead
        Assert.Equal(1, _fake.ConnectionCount);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("zombie", StringComparison.Ordinal));
    }

    // ---- etiquette: identify spacing, repeated resumes, the session start budget ----

    /// <summary>GET /gateway/bot answers with this session start limit.</summary>
    private void SessionStartLimit(int remaining, int maxConcurrency = 1, long resetAfterMs = 5000) =>
        _fake.Responder = r => r.Path == "/gateway/bot"
            ? new FakeResponse(200, JsonSerializer.Serialize(new
            {
                url = _fake.GatewayUrl,
                shards = 1,
                session_start_limit = new { total = 1000, remaining, reset_after = resetAfterMs, max_concurrency = maxConcurrency },
            }))
            : null;

    private long[] LoggedReconnectWaits() => _logs.Lines.Where(l => l.Contains("Reconnecting shard 0 to the Discord gateway in", StringComparison.Ordinal))
        .Select(l => long.Parse(System.Text.RegularExpressions.Regex.Match(l, @"in (\d+) ms").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
        .ToArray();

    [Fact]
    public async Task Identifies_again_no_sooner_than_five_seconds_after_the_last_identify_whatever_max_concurrency_says()
    {
        SessionStartLimit(remaining: 900, maxConcurrency: 16); // shard 0 is alone in its bucket: still one identify per 5 s
        var time = new FakeTimeProvider();
        var client = Client(time: time, random: 0);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("s1", _fake.ResumeUrl);
        var identifiedAt = time.GetUtcNow();
        await first.SendAsync(new { op = 9, d = false }); // the session is gone: wait 1 s (random 0), then identify anew

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount >= 2);
        Assert.True(time.GetUtcNow() - identifiedAt >= IdentifyScheduler.Interval, "the second connection opened before the identify interval");
        var second = await _fake.NextConnectionAsync();
        await second.SendHelloAsync();
        Assert.Equal(2, (await second.ReceiveAsync()).GetProperty("op").GetInt32());
        Assert.Contains(_logs.Lines, l => l.Contains("ms to identify: Discord allows 16 identify per 5 s per bucket", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resume_asked_for_again_before_it_succeeded_backs_off_and_a_successful_resume_resets_the_backoff()
    {
        var time = new FakeTimeProvider();
        var client = Client(o => o.ReconnectMaxDelay = TimeSpan.FromMinutes(1), time: time, random: 0);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("s1", _fake.ResumeUrl);
        await first.SendAsync(new { op = 7, d = (object?)null }); // after READY: resume at once

        for (int n = 2; n <= 4; n++)
        {
            await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount >= n);
            var next = await _fake.NextConnectionAsync();
            await next.SendHelloAsync();
            Assert.Equal(6, (await next.ReceiveAsync()).GetProperty("op").GetInt32());
            if (n == 4) await next.DispatchAsync("RESUMED", 2, new { }); // this one succeeds
            await next.SendAsync(new { op = 7, d = (object?)null });
        }
        await Eventually.UntilAsync(() => LoggedReconnectWaits().Length == 4);
        Assert.Equal([0L, 500L, 1000L, 0L], LoggedReconnectWaits()); // at once, then 0.5 s and 1 s (random 0), at once after RESUMED
    }

    [Fact]
    public async Task A_resume_that_keeps_failing_backs_off_no_longer_than_ReconnectMaxDelay()
    {
        var time = new FakeTimeProvider();
        var client = Client(o => o.ReconnectMaxDelay = TimeSpan.FromSeconds(2), time: time, random: 1);
        await client.StartAsync();
        var first = await _fake.NextConnectionAsync();
        await first.HandshakeAsync("s1", _fake.ResumeUrl);
        await first.SendAsync(new { op = 9, d = true });

        for (int n = 2; n <= 5; n++)
        {
            await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => _fake.ConnectionCount >= n);
            var next = await _fake.NextConnectionAsync();
            await next.SendHelloAsync();
            await next.ReceiveAsync(); // resume
            await next.SendAsync(new { op = 9, d = true }); // resumable, yet invalidated again before RESUMED
        }
        await Eventually.UntilAsync(() => LoggedReconnectWaits().Length == 5);
        Assert.Equal([0L, 1000L, 2000L, 2000L, 2000L], LoggedReconnectWaits());
    }

    [Fact]
    public async Task With_only_the_reserve_of_session_starts_left_it_waits_for_the_reset_before_opening_the_socket()
    {
        SessionStartLimit(remaining: SessionStartBudget.Reserve, resetAfterMs: 60_000);
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var client = Client(time: time);
        await client.StartAsync();
        await Eventually.UntilAsync(() => _logs.Lines.Any(l => l.Contains("session start limit is nearly used up", StringComparison.Ordinal)));
        Assert.Equal(0, _fake.ConnectionCount);
        Assert.Contains(_logs.Lines, l => l.Contains($"({SessionStartBudget.Reserve} of 1000 left, {SessionStartBudget.Reserve} kept in reserve); shard 0 waiting 60000 ms", StringComparison.Ordinal));

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(5), () => _fake.ConnectionCount == 1);
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task With_more_than_the_reserve_left_it_identifies_at_once()
    {
        SessionStartLimit(remaining: SessionStartBudget.Reserve + 1);
        var client = Client(time: new FakeTimeProvider()); // fake time never advances: any wait would hold the connection back
        await client.StartAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        Assert.Equal(2, (await connection.ReceiveAsync()).GetProperty("op").GetInt32());
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("session start limit", StringComparison.Ordinal));
    }
}
