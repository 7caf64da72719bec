using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client;

/// <summary>The real REST client against the fake Discord HTTP API on loopback.</summary>
public sealed class RestClientTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private readonly ListLogger _logs = new();

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private DiscordRestClient Client(TimeProvider? time = null, Action<DiscordOptions>? configure = null) =>
        new(TestData.Options(o => { o.ApiBaseUrl = _fake.ApiBase; configure?.Invoke(o); }), time ?? TimeProvider.System, _logs.CreateLogger("rest"), null, () => 0);

    private static readonly MessagePayload Hello = new() { Content = "hi", AllowedMentions = AllowedMentions.None };

    /// <summary>Creates a message in channel 5 whose first attempt hangs past the 15 s request timeout, so it is sent again.</summary>
    private async Task CreateMessageWhoseFirstAttemptTimesOutAsync()
    {
        var hang = new TaskCompletionSource();
        int calls = 0;
        _fake.Responder = _ => Interlocked.Increment(ref calls) == 1 ? new FakeResponse(200, "{}", Hold: hang.Task) : null;
        var time = new FakeTimeProvider();
        using var client = Client(time, o => o.RequestTimeout = TimeSpan.FromSeconds(15));
        var send = client.CreateMessageAsync("5", Hello);
        await _fake.WaitForRequestAsync(_ => true);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), () => send.IsCompleted);
        await send;
        hang.TrySetResult();
    }

    /// <summary>The first request <paramref name="on"/> matches gets a global 429 with <c>retry_after</c>; everything else the default.</summary>
    private void GlobalRateLimitOnce(Func<RecordedRequest, bool> on, int retryAfterSeconds)
    {
        int calls = 0;
        _fake.Responder = r => on(r) && Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(429, $$"""{"message":"You are being rate limited.","retry_after":{{retryAfterSeconds}},"global":true}""",
                new Dictionary<string, string> { ["X-RateLimit-Global"] = "true", ["X-RateLimit-Scope"] = "global" })
            : null;
    }

    [Fact]
    public async Task Sends_the_bot_token_as_authorization_and_a_discordbot_user_agent()
    {
        using var client = Client(configure: o => o.UserAgentUrl = "https://example.org/sourcebot");
        await client.GetGatewayBotAsync();
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("Bot " + TestData.Token, request.Headers["Authorization"]);
        Assert.Matches(@"^DiscordBot \(https://example\.org/sourcebot, [0-9][^)]*\)$", request.Headers["User-Agent"]);
    }

    [Fact]
    public async Task Reads_the_gateway_url_and_session_start_limit()
    {
        using var client = Client();
        var info = await client.GetGatewayBotAsync();
        Assert.Equal(_fake.GatewayUrl, info.Url);
        Assert.Equal(999, info.SessionStartLimit?.Remaining);
    }

    [Fact]
    public async Task Posts_messages_as_json_to_the_channel_route()
    {
        using var client = Client();
        var sent = await client.CreateMessageAsync("123", Hello);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/channels/123/messages", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal("hi", request.Json.GetProperty("content").GetString());
        Assert.Equal(0, request.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(sent.Id));
    }

    [Fact]
    public async Task A_429_is_waited_out_for_retry_after_before_the_request_is_sent_again()
    {
        var time = new TimerWatchingTimeProvider();
        int calls = 0;
        _fake.Responder = r => r.Path == "/channels/9/messages" && Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(429, """{"message":"You are being rate limited.","retry_after":2.5,"global":false}""",
                new Dictionary<string, string> { ["X-RateLimit-Bucket"] = "abc", ["X-RateLimit-Limit"] = "5", ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset-After"] = "2.5", ["X-RateLimit-Scope"] = "user" })
            : null;
        using var client = Client(time);

        var send = client.CreateMessageAsync("9", Hello);
        await _fake.WaitForRequestAsync(r => r.Path == "/channels/9/messages");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2.5)); // parked on the retry_after wait, from fake time 0
        Assert.Single(_fake.Requests);
        Assert.False(send.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(2)); // fires no timer: the request stays parked
        Assert.Single(_fake.Requests);            // 2 s < retry_after 2.5 s
        Assert.False(send.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        await send.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _fake.Requests.Count(r => r.Path == "/channels/9/messages"));
    }

    [Fact]
    public async Task An_empty_bucket_holds_the_next_request_on_that_route_until_it_resets()
    {
        var time = new TimerWatchingTimeProvider();
        _fake.Responder = r => r.Path == "/channels/7/messages"
            ? new FakeResponse(200, """{"id":"1","channel_id":"7"}""",
                new Dictionary<string, string> { ["X-RateLimit-Bucket"] = "b7", ["X-RateLimit-Limit"] = "1", ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset-After"] = "1.0" })
            : null;
        using var client = Client(time);
        await client.CreateMessageAsync("7", Hello);

        var second = client.CreateMessageAsync("7", Hello);
        var other = client.CreateMessageAsync("8", Hello); // another channel is another bucket: not held
        await other.WaitAsync(TimeSpan.FromSeconds(10));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1)); // the second request is parked until the bucket resets
        Assert.Equal(1, _fake.Requests.Count(r => r.Path == "/channels/7/messages"));
        Assert.False(second.IsCompleted);

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(250), () => second.IsCompleted);
        Assert.Equal(2, _fake.Requests.Count(r => r.Path == "/channels/7/messages"));
    }

    [Fact]
    public async Task A_global_429_holds_requests_on_every_route()
    {
        var time = new TimerWatchingTimeProvider();
        GlobalRateLimitOnce(r => r.Path == "/channels/1/messages", retryAfterSeconds: 3);
        using var client = Client(time);
        var first = client.CreateMessageAsync("1", Hello);
        await _fake.WaitForRequestAsync(r => r.Path == "/channels/1/messages");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(3)); // the first request waits out the global retry_after
        var other = client.CreateMessageAsync("2", Hello);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(3)); // and so does a request on another route
        Assert.DoesNotContain(_fake.Requests, r => r.Path == "/channels/2/messages");
        Assert.False(other.IsCompleted);

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(500), () => first.IsCompleted && other.IsCompleted);
        Assert.Equal(3, _fake.Requests.Count);
    }

    [Fact]
    public async Task After_a_global_429_interaction_callbacks_and_webhook_edits_are_sent_at_once()
    {
        var time = new FakeTimeProvider();
        GlobalRateLimitOnce(r => r.Path == "/channels/1/messages", retryAfterSeconds: 30);
        using var client = Client(time);
        var held = client.CreateMessageAsync("1", Hello);
        await _fake.WaitForRequestAsync(r => r.Path == "/channels/1/messages");
        await Eventually.UntilAsync(() => _logs.Lines.Any(l => l.Contains("Discord rate limit hit", StringComparison.Ordinal)));

        // Fake time does not move: the global reset 30 s away must not hold the interaction endpoints.
        await client.CreateInteractionResponseAsync("555", "tok", new InteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource })
            .WaitAsync(TimeSpan.FromSeconds(10));
        await client.EditOriginalResponseAsync("1000", "tok", Hello).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(held.IsCompleted);
        Assert.Single(_fake.Requests, r => r.Path == "/channels/1/messages");

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(5), () => held.IsCompleted);
        await held;
    }

    [Fact]
    public async Task A_global_429_on_an_interaction_callback_does_not_hold_other_routes()
    {
        var time = new FakeTimeProvider();
        GlobalRateLimitOnce(r => r.Path.StartsWith("/interactions/", StringComparison.Ordinal), retryAfterSeconds: 30);
        using var client = Client(time);
        var callback = client.CreateInteractionResponseAsync("555", "tok", new InteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource });
        await _fake.WaitForRequestAsync(r => r.Path.StartsWith("/interactions/", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => _logs.Lines.Any(l => l.Contains("Discord rate limit hit", StringComparison.Ordinal)));

        await client.CreateMessageAsync("2", Hello).WaitAsync(TimeSpan.FromSeconds(10)); // fake time has not moved
        Assert.Contains(_fake.Requests, r => r.Path == "/channels/2/messages");
        Assert.False(callback.IsCompleted); // its own bucket holds the callback's retry
    }

    [Fact]
    public async Task A_server_error_is_retried_with_backoff_and_then_succeeds()
    {
        int calls = 0;
        _fake.Responder = r => Interlocked.Increment(ref calls) <= 2 ? new FakeResponse(502, """{"message":"Bad Gateway"}""") : null;
        var time = new FakeTimeProvider();
        using var client = Client(time);
        var send = client.CreateMessageAsync("5", Hello);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(100), () => send.IsCompleted);
        await send;
        Assert.Equal(3, _fake.Requests.Count);
    }

    [Fact]
    public async Task A_server_error_that_persists_fails_after_the_configured_retries()
    {
        _fake.Responder = _ => new FakeResponse(500, """{"message":"Internal Server Error","code":0}""");
        var time = new FakeTimeProvider();
        using var client = Client(time, o => o.MaxRetries = 2);
        var send = client.CreateMessageAsync("5", Hello);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(100), () => send.IsCompleted);
        var error = await Assert.ThrowsAsync<DiscordHttpException>(() => send);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, _fake.Requests.Count);
    }

    [Fact]
    public async Task Another_4xx_is_not_retried_and_surfaces_discords_code_message_and_status()
    {
        _fake.Responder = _ => new FakeResponse(404, """{"message":"Unknown Channel","code":10003}""");
        using var client = Client();
        var error = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync("404", Hello));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(10003, error.DiscordCode);
        Assert.Equal("Unknown Channel", error.DiscordMessage);
        Assert.Equal("POST /channels/{channel_id}/messages", error.Route);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Errors_never_carry_the_bot_token_or_the_interaction_token()
    {
        const string interactionToken = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZmdoaWprbG1ub3A";
        _fake.Responder = _ => new FakeResponse(400, "{\"message\":\"Invalid token " + TestData.Token + "\",\"code\":50035,\"errors\":{\"token\":\"" + TestData.Token + "\"}}");
        using var client = Client();
        var error = await Assert.ThrowsAsync<DiscordHttpException>(() => client.EditOriginalResponseAsync("1000", interactionToken, Hello));
        Assert.Equal(50035, error.DiscordCode);
        Assert.DoesNotContain(TestData.Token, error.ToString());
        Assert.DoesNotContain(TestData.Token, error.Errors);
        Assert.DoesNotContain(interactionToken, error.ToString());
        Assert.DoesNotContain(TestData.Token, _logs.All);
    }

    [Fact]
    public async Task Bulk_overwrite_puts_the_commands_to_the_guild_route_when_a_test_guild_is_set()
    {
        using var client = Client();
        var registration = Assert.Single(Discord.Interactions.Commands.Registrations(TestData.Options(o => o.GuildId = "777")));
        Assert.Equal("777", registration.GuildId);
        await client.BulkOverwriteCommandsAsync("1000", "777", registration.Commands);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/applications/1000/guilds/777/commands", request.Path);
        var body = request.Json;
        Assert.Equal(5, body.GetArrayLength());
        var ask = body[0];
        Assert.Equal("ask", ask.GetProperty("name").GetString());
        Assert.Equal(1, ask.GetProperty("type").GetInt32());
        Assert.Equal("question", ask.GetProperty("options")[0].GetProperty("name").GetString());
        Assert.Equal(3, ask.GetProperty("options")[0].GetProperty("type").GetInt32());
        Assert.True(ask.GetProperty("options")[0].GetProperty("required").GetBoolean());
        Assert.Equal("ephemeral", ask.GetProperty("options")[1].GetProperty("name").GetString());
        Assert.Equal(5, ask.GetProperty("options")[1].GetProperty("type").GetInt32());
        var menu = body[3];
        Assert.Equal("Ask SourceBot", menu.GetProperty("name").GetString());
        Assert.Equal(3, menu.GetProperty("type").GetInt32());
        Assert.False(menu.TryGetProperty("description", out _)); // not allowed on message commands
        Assert.False(ask.TryGetProperty("contexts", out _));      // guild commands take no contexts
        var kb = body[4];
        Assert.Equal("kb", kb.GetProperty("name").GetString());
        Assert.Equal("32", kb.GetProperty("default_member_permissions").GetString()); // Manage Server, as defence in depth
        var subs = kb.GetProperty("options").EnumerateArray().ToList();
        Assert.All(subs, s => Assert.Equal(1, s.GetProperty("type").GetInt32())); // SUB_COMMAND
        Assert.Equal(["add", "edit", "hide", "unhide", "teach", "preview", "publish", "rollback", "history", "gaps"], subs.Select(s => s.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(11, subs[0].GetProperty("options")[0].GetProperty("type").GetInt32()); // add: ATTACHMENT
        Assert.Equal(4, subs[7].GetProperty("options")[0].GetProperty("type").GetInt32());  // rollback version: INTEGER
        Assert.Equal(1, subs[7].GetProperty("options")[0].GetProperty("min_value").GetInt32());
    }

    [Fact]
    public async Task Bulk_overwrite_puts_global_commands_with_contexts_when_no_guild_is_set()
    {
        using var client = Client();
        await client.BulkOverwriteCommandsAsync("1000", null, Discord.Interactions.Commands.Definitions(TestData.Options(o => o.AllowDirectMessages = false)));
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/applications/1000/commands", request.Path);
        Assert.Equal("[0]", request.Json[0].GetProperty("contexts").GetRawText());
    }

    [Fact]
    public async Task Interaction_callbacks_and_webhook_edits_use_the_documented_routes()
    {
        using var client = Client();
        await client.CreateInteractionResponseAsync("555", "tok", new InteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource });
        await client.EditOriginalResponseAsync("1000", "tok", Hello);
        await client.CreateFollowupMessageAsync("1000", "tok", Hello);
        await client.DeleteOriginalResponseAsync("1000", "tok");
        await client.TriggerTypingAsync("66");
        Assert.Equal(
            ["POST /interactions/555/tok/callback", "PATCH /webhooks/1000/tok/messages/@original", "POST /webhooks/1000/tok", "DELETE /webhooks/1000/tok/messages/@original", "POST /channels/66/typing"],
            _fake.Requests.Select(r => r.ToString()).ToArray());
    }

    [Fact]
    public async Task Editing_the_original_response_with_a_file_sends_multipart_with_payload_json_and_the_file()
    {
        using var client = Client();
        await client.EditOriginalResponseAsync("1000", "tok", Hello, [new FileUpload("report.txt", "line one\nline two"u8.ToArray())]);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("PATCH /webhooks/1000/tok/messages/@original", request.ToString());
        Assert.StartsWith("multipart/form-data; boundary=", request.Headers["Content-Type"]);
        Assert.Contains("name=payload_json", request.Body);
        Assert.Contains("\"attachments\":[{\"id\":0,\"filename\":\"report.txt\"}]", request.Body);
        Assert.Contains("name=\"files[0]\"; filename=report.txt", request.Body);
        Assert.Contains("line one\nline two", request.Body);
    }

    [Fact]
    public async Task A_create_message_retried_after_a_timeout_sends_the_same_nonce_with_enforce_nonce_both_times()
    {
        await CreateMessageWhoseFirstAttemptTimesOutAsync();

        var attempts = _fake.Requests.Where(r => r.Path == "/channels/5/messages").Select(r => r.Json).ToArray();
        Assert.Equal(2, attempts.Length);
        var nonce = attempts[0].GetProperty("nonce").GetString();
        Assert.False(string.IsNullOrEmpty(nonce));
        Assert.InRange(nonce!.Length, 1, 25);
        Assert.All(attempts, a =>
        {
            Assert.Equal(nonce, a.GetProperty("nonce").GetString());
            Assert.True(a.GetProperty("enforce_nonce").GetBoolean());
        });
    }

    [Fact]
    public async Task Two_messages_get_different_nonces()
    {
        using var client = Client();
        await client.CreateMessageAsync("5", Hello);
        await client.CreateMessageAsync("5", Hello);
        var nonces = _fake.Requests.Select(r => r.Json.GetProperty("nonce").GetString()).ToArray();
        Assert.Equal(2, nonces.Length);
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [Fact]
    public async Task An_interaction_callback_retried_after_a_timeout_and_told_already_acknowledged_counts_as_sent()
    {
        var hang = new TaskCompletionSource();
        int calls = 0;
        _fake.Responder = _ => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(204, "", Hold: hang.Task)
            : new FakeResponse(400, """{"code":40060,"message":"Interaction has already been acknowledged."}""");
        var time = new FakeTimeProvider();
        using var client = Client(time, o => o.RequestTimeout = TimeSpan.FromSeconds(15));
        var send = client.CreateInteractionResponseAsync("77", "tok", new InteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource });
        await _fake.WaitForRequestAsync(_ => true);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), () => send.IsCompleted);

        await send; // no DiscordHttpException
        Assert.Equal(2, _fake.Requests.Count);
        hang.TrySetResult();
    }

    [Fact]
    public async Task An_interaction_callback_told_already_acknowledged_on_its_first_attempt_is_an_error()
    {
        _fake.Responder = _ => new FakeResponse(400, """{"code":40060,"message":"Interaction has already been acknowledged."}""");
        using var client = Client();

        var error = await Assert.ThrowsAsync<DiscordHttpException>(() =>
            client.CreateInteractionResponseAsync("77", "tok", new InteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource }));

        Assert.Equal(40060, error.DiscordCode);
        Assert.Single(_fake.Requests);
    }

    /// <summary>An interaction id (snowflake) made at <paramref name="at"/>: ms since the Discord epoch, shifted left 22 bits.</summary>
    private static string SnowflakeAt(DateTimeOffset at) => (((ulong)(at.ToUnixTimeMilliseconds() - 1420070400000)) << 22 | 0x1234).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TimerWatchingTimeProvider TimeAtDiscordNow() => new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly InteractionResponse Defer = new() { Type = InteractionCallbackType.DeferredChannelMessageWithSource };

    [Fact]
    public void The_creation_time_of_an_interaction_is_read_from_its_snowflake_id()
    {
        // The example snowflake of Discord's reference ("Snowflakes"): 175928847299117063 was made at 2016-04-30 11:18:25.796 UTC.
        Assert.Equal(DateTimeOffset.Parse("2016-04-30T11:18:25.796Z", System.Globalization.CultureInfo.InvariantCulture), DiscordRestClient.SnowflakeTime("175928847299117063"));
        Assert.Null(DiscordRestClient.SnowflakeTime("not-a-snowflake"));
    }

    [Fact]
    public async Task A_slow_interaction_callback_is_waited_for_and_after_a_timeout_given_up_not_retried_into_an_unknown_interaction()
    {
        var hang = new TaskCompletionSource();
        _fake.Responder = _ => new FakeResponse(204, "", Hold: hang.Task);
        var time = TimeAtDiscordNow();
        var id = SnowflakeAt(time.GetUtcNow());
        using var client = Client(time, o => o.RequestTimeout = TimeSpan.FromSeconds(15));

        const string token = "secret-interaction-token-1";
        var send = client.CreateInteractionResponseAsync(id, token, Defer);
        await _fake.WaitForRequestAsync(_ => true);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(15)); // the attempt is parked on its response, under the request timeout
        time.Advance(TimeSpan.FromMilliseconds(2900)); // fires no timer
        Assert.False(send.IsCompleted); // 2.9 s: a slow callback may still land, so it is still awaited

        time.Advance(TimeSpan.FromSeconds(12.2)); // 15.1 s: the attempt times out; a retry would start long past 2.5 s
        var error = await Assert.ThrowsAsync<InteractionCallbackExpiredException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(id, error.InteractionId);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.DoesNotContain(token, error.ToString());
        Assert.Single(_fake.Requests);
        hang.TrySetResult();
    }

    [Fact]
    public async Task An_interaction_callback_that_fails_fast_is_retried_within_the_window()
    {
        int calls = 0;
        _fake.Responder = _ => Interlocked.Increment(ref calls) == 1 ? new FakeResponse(502, """{"message":"Bad Gateway"}""") : null;
        var time = TimeAtDiscordNow();
        using var client = Client(time);

        var send = client.CreateInteractionResponseAsync(SnowflakeAt(time.GetUtcNow()), "tok", Defer);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(100), () => send.IsCompleted);

        await send;
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task An_interaction_callback_is_not_retried_when_the_retry_would_start_more_than_two_and_a_half_seconds_after_the_interaction()
    {
        _fake.Responder = _ => new FakeResponse(502, """{"message":"Bad Gateway"}""");
        var time = TimeAtDiscordNow();
        var id = SnowflakeAt(time.GetUtcNow() - TimeSpan.FromMilliseconds(2200)); // the event reached the bot 2.2 s after it was made

        using var client = Client(time);
        var error = await Assert.ThrowsAsync<InteractionCallbackExpiredException>(() => client.CreateInteractionResponseAsync(id, "tok", Defer));

        Assert.IsType<DiscordHttpException>(error.InnerException);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_request_that_times_out_is_retried()
    {
        await CreateMessageWhoseFirstAttemptTimesOutAsync();
        Assert.Equal(2, _fake.Requests.Count);
    }
}
