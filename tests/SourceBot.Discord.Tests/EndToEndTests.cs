using System.Net.WebSockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests;

/// <summary>
/// The whole front end as the executable runs it (generic host + AddSourceBotDiscord) against the fake Discord on loopback, with a
/// mocked answer service.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private IHost _host = null!;
    private readonly ListLogger _logs = new();
    private readonly Mock<IAnswerService> _answers = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sb-e2e-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string q, CancellationToken _) => TestData.Answered(question: q,
                quote: "The Chinese government says @everyone crossing is an economic migrant.[12]"));
        _answers.Setup(a => a.Info).Returns(new EngineInfo("0.1.0", "k", "m", 1, 1));
    }

    private async Task StartHostAsync(Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        _host = BuildHost(extra, services);
        await _host.StartAsync();
    }

    /// <summary>Stops the bot the way the host does, which waits for every handler it started: nothing more can be sent after it.</summary>
    private async Task StopHostAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _host = null!;
    }

    /// <summary>A host as the executable builds it, on the fake Discord, with this test's data folder.</summary>
    private IHost BuildHost(Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SourceBot:Discord:Token"] = TestData.Token,
            ["SourceBot:Discord:ApiBaseUrl"] = _fake.ApiBase,
            ["SourceBot:Discord:GuildId"] = "777",
            ["SourceBot:Discord:FeedbackDatabasePath"] = Path.Combine(_folder, "feedback.db"),
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton(_answers.Object);
        services?.Invoke(builder.Services);
        builder.Services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return builder.Build();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await _fake.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
    }

    private async Task<FakeGatewayConnection> ConnectAsync()
    {
        var connection = await _fake.NextConnectionAsync();
        await connection.HandshakeAsync("e2e-session", _fake.ResumeUrl);
        return connection;
    }

    [Fact]
    public async Task Commands_are_registered_with_a_bulk_overwrite_to_the_test_guild_after_ready()
    {
        await StartHostAsync();
        await ConnectAsync();
        var put = await _fake.WaitForRequestAsync(r => r.Method == "PUT");
        Assert.Equal("/applications/1000/guilds/777/commands", put.Path); // application id from READY
        Assert.Equal(new[] { "ask", "sources", "about", "Ask SourceBot", "kb" }, put.Json.EnumerateArray().Select(c => c.GetProperty("name").GetString() ?? "").ToArray());
    }

    [Fact]
    public async Task A_slash_command_is_deferred_with_type_5_and_the_answer_patched_into_the_original_response()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        await connection.DispatchAsync("INTERACTION_CREATE", 2, new
        {
            id = "int-1",
            application_id = "1000",
            type = 2,
            token = "interaction-token-1",
            guild_id = "g1",
            channel_id = "c1",
            member = new { user = new { id = "u1", username = "asker" } },
            data = new { id = "cmd", name = "ask", type = 1, options = new object[] { new { name = "question", type = 3, value = "Why are they sent back?" } } },
        });

        var patch = await _fake.WaitForRequestAsync(r => r.Method == "PATCH");
        var requests = _fake.Requests.ToList();
        var callback = requests.Single(r => r.Path == "/interactions/int-1/interaction-token-1/callback");
        Assert.True(requests.IndexOf(callback) < requests.IndexOf(patch), "the deferral comes before the edit");
        Assert.Equal(5, callback.Json.GetProperty("type").GetInt32());

        Assert.Equal("/webhooks/1000/interaction-token-1/messages/@original", patch.Path);
        var body = patch.Json;
        var embed = body.GetProperty("embeds")[0];
        Assert.Equal("Why are they sent back?", embed.GetProperty("title").GetString());
        Assert.Equal("The Chinese government says @everyone crossing is an economic migrant.[12]", embed.GetProperty("description").GetString());
        Assert.Equal("Footnotes", embed.GetProperty("fields")[0].GetProperty("name").GetString());
        Assert.StartsWith("[12] UNHCR", embed.GetProperty("fields")[0].GetProperty("value").GetString());
        Assert.Equal("Source", embed.GetProperty("fields")[1].GetProperty("name").GetString());
        Assert.Contains("passage 001#p4", embed.GetProperty("footer").GetProperty("text").GetString());
        var row = body.GetProperty("components")[0];
        Assert.Equal(1, row.GetProperty("type").GetInt32());
        var readAround = row.GetProperty("components")[0];
        Assert.Equal(2, readAround.GetProperty("type").GetInt32());
        Assert.Equal("Read around", readAround.GetProperty("label").GetString());
        Assert.Equal("sb:ra:001#p4", readAround.GetProperty("custom_id").GetString());
        Assert.Equal(0, body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        _answers.Verify(a => a.AskAsync("Why are they sent back?", It.IsAny<CancellationToken>()), Times.Once);
    }

    private static object KbPublish(string id, string userId, string[] roles) => new
    {
        id,
        application_id = "1000",
        type = 2,
        token = "token-" + id,
        guild_id = "900",
        channel_id = "c1",
        member = new { user = new { id = userId, username = "mod-" + userId }, roles, permissions = "0" },
        data = new { id = "kbcmd", name = "kb", type = 1, options = new object[] { new { name = "publish", type = 1, options = new object[] { new { name = "reason", type = 3, value = "weekly" } } } } },
    };

    [Fact]
    public async Task A_moderator_runs_kb_publish_and_gets_a_private_deferral_then_the_result_while_a_member_is_refused()
    {
        var knowledge = new Mock<SourceBot.Core.Moderation.IKnowledgeModeration>(MockBehavior.Strict);
        var manifest = new SourceBot.Core.Moderation.VersionManifest(3, DateTimeOffset.UnixEpoch, "discord:u1", "mod-u1", "1 passage edited", "weekly", "hash");
        knowledge.Setup(k => k.PublishAsync(new SourceBot.Core.Moderation.Actor("discord:u1", "mod-u1"), "weekly", It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await Task.Delay(200); // training takes a while: the deferral must already be there
                return new SourceBot.Core.Moderation.PublishResult(true, "Published v3: 1 passage edited.", manifest, []);
            });
        await StartHostAsync(new() { ["SourceBot:Discord:ModeratorRoleIds:0"] = "555", ["SourceBot:Discord:ModeratorGuildIds:0"] = "900" }, s => s.AddSingleton(knowledge.Object));
        var connection = await ConnectAsync();

        await connection.DispatchAsync("INTERACTION_CREATE", 2, KbPublish("kb-1", "u1", ["555"]));
        var patch = await _fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == "/webhooks/1000/token-kb-1/messages/@original");
        var requests = _fake.Requests.ToList();
        var deferral = requests.Single(r => r.Path == "/interactions/kb-1/token-kb-1/callback");
        Assert.True(requests.IndexOf(deferral) < requests.IndexOf(patch), "the deferral comes before the edit");
        Assert.Equal(5, deferral.Json.GetProperty("type").GetInt32());
        Assert.Equal(64, deferral.Json.GetProperty("data").GetProperty("flags").GetInt32());
        var embed = patch.Json.GetProperty("embeds")[0];
        Assert.Equal("Published", embed.GetProperty("title").GetString());
        Assert.Equal("Published v3: 1 passage edited.", embed.GetProperty("description").GetString());

        await connection.DispatchAsync("INTERACTION_CREATE", 3, KbPublish("kb-2", "u2", ["999"]));
        var refusal = await _fake.WaitForRequestAsync(r => r.Path == "/interactions/kb-2/token-kb-2/callback");
        Assert.Equal(4, refusal.Json.GetProperty("type").GetInt32());
        Assert.Equal(64, refusal.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.StartsWith("Only SourceBot moderators can do that.", refusal.Json.GetProperty("data").GetProperty("content").GetString());
        knowledge.Verify(k => k.PublishAsync(It.IsAny<SourceBot.Core.Moderation.Actor>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.DoesNotContain(_fake.Requests, r => r.Path.Contains("token-kb-2/messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mention_shows_typing_and_is_answered_as_a_reply_that_pings_nobody()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        await connection.DispatchAsync("MESSAGE_CREATE", 2, new
        {
            id = "msg-1",
            channel_id = "c1",
            guild_id = "g1",
            author = new { id = "u1", username = "asker" },
            content = "<@42> why does China send them back?",
            mentions = new[] { new { id = "42", username = "SourceBot", bot = true } },
        });

        var reply = await _fake.WaitForRequestAsync(r => r.Method == "POST" && r.Path == "/channels/c1/messages");
        var requests = _fake.Requests.ToList();
        var typing = requests.Single(r => r.Path == "/channels/c1/typing");
        Assert.True(requests.IndexOf(typing) < requests.IndexOf(reply));
        var body = reply.Json;
        Assert.Equal("msg-1", body.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Equal(0, body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.False(body.GetProperty("allowed_mentions").GetProperty("replied_user").GetBoolean());
        _answers.Verify(a => a.AskAsync("why does China send them back?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_mention_in_a_thread_created_in_an_allowed_channel_is_answered_while_one_in_a_thread_of_another_channel_is_not()
    {
        await StartHostAsync(new() { ["SourceBot:Discord:AllowedChannelIds:0"] = "1100" });
        var connection = await ConnectAsync();
        // THREAD_CREATE: a channel object (type 11 PUBLIC_THREAD, parent_id the channel it was created in) plus newly_created.
        await connection.DispatchAsync("THREAD_CREATE", 2, new { id = "1101", type = 11, guild_id = "g1", parent_id = "1100", name = "help", newly_created = true });
        await connection.DispatchAsync("THREAD_CREATE", 3, new { id = "1201", type = 11, guild_id = "g1", parent_id = "1200", name = "chat", newly_created = true });
        await connection.DispatchAsync("MESSAGE_CREATE", 4, new
        {
            id = "msg-other", channel_id = "1201", guild_id = "g1", author = new { id = "u2", username = "other" },
            content = "<@42> not here?", mentions = new[] { new { id = "42", username = "SourceBot", bot = true } },
        });
        await connection.DispatchAsync("MESSAGE_CREATE", 5, new
        {
            id = "msg-thread", channel_id = "1101", guild_id = "g1", author = new { id = "u1", username = "asker" },
            content = "<@42> why does China send them back?", mentions = new[] { new { id = "42", username = "SourceBot", bot = true } },
        });

        var reply = await _fake.WaitForRequestAsync(r => r.Method == "POST" && r.Path == "/channels/1101/messages");
        Assert.Equal("msg-thread", reply.Json.GetProperty("message_reference").GetProperty("message_id").GetString());
        await StopHostAsync(); // every mention received was handled to its end
        Assert.DoesNotContain(_fake.Requests, r => r.Path.StartsWith("/channels/1201/", StringComparison.Ordinal));
        _answers.Verify(a => a.AskAsync("why does China send them back?", It.IsAny<CancellationToken>()), Times.Once);
        _answers.Verify(a => a.AskAsync("not here?", It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Messages_from_the_bot_itself_are_not_answered()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        await connection.DispatchAsync("MESSAGE_CREATE", 2, new { id = "own", channel_id = "c1", guild_id = "g1", author = new { id = "42", bot = true }, content = "<@42> loop?" });
        await connection.DispatchAsync("MESSAGE_CREATE", 3, new { id = "m", channel_id = "c2", guild_id = "g1", author = new { id = "u1" }, content = "<@42> real?" });
        await _fake.WaitForRequestAsync(r => r.Path == "/channels/c2/messages");
        Assert.DoesNotContain(_fake.Requests, r => r.Path.StartsWith("/channels/c1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_host_closes_the_gateway_with_code_1000()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        await _fake.WaitForRequestAsync(r => r.Method == "PUT");
        await _host.StopAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, _fake.ConnectionCount);
    }

    [Fact]
    public async Task An_authentication_failure_stops_the_application_with_a_clear_error_and_no_reconnect()
    {
        await StartHostAsync();
        var connection = await _fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.ReceiveAsync();
        await connection.CloseAsync(4004, "Authentication failed.");

        await _host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var status = _host.Services.GetRequiredService<DiscordBotStatus>();
        var error = Assert.IsType<DiscordGatewayException>(status.FatalError);
        Assert.Equal(4004, error.CloseCode);
        Assert.Contains("SourceBot:Discord:Token", error.Message);
        Assert.Equal(1, _fake.ConnectionCount);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Critical:", StringComparison.Ordinal) && l.Contains("4004"));
    }

    [Fact]
    public async Task A_401_on_a_rest_request_stops_the_application_with_the_same_advice_as_a_rejected_gateway_token()
    {
        _fake.Responder = r => r.Method == "PUT" ? new FakeResponse(401, """{"message":"401: Unauthorized","code":0}""") : null;
        await StartHostAsync();
        await ConnectAsync(); // READY, then the commands are registered: Discord refuses the token

        await _host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var error = Assert.IsType<DiscordConfigurationException>(_host.Services.GetRequiredService<DiscordBotStatus>().FatalError);
        Assert.Equal(DiscordToken.RejectedMessage("HTTP 401 on PUT /applications/{application_id}/guilds/{guild_id}/commands"), error.Message);
        Assert.Equal(DiscordToken.RejectedMessage("gateway close code 4004, authentication failed"), DiscordGatewayException.FatalMessage(4004)); // the same advice
        Assert.Contains(_logs.Lines, l => l.StartsWith("Critical:", StringComparison.Ordinal) && l.Contains("HTTP 401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_channel_that_answered_403_to_a_post_gets_no_request_for_the_next_mention_there()
    {
        _fake.Responder = r => r.Method == "POST" && r.Path == "/channels/c403/messages"
            ? new FakeResponse(403, """{"message":"Missing Permissions","code":50013}""")
            : null;
        await StartHostAsync();
        var connection = await ConnectAsync();
        object Mention(string id, string question) => new
        {
            id, channel_id = "c403", guild_id = "g1", author = new { id = "u1", username = "asker" }, content = "<@42> " + question,
            mentions = new[] { new { id = "42", username = "SourceBot", bot = true } },
        };

        await connection.DispatchAsync("MESSAGE_CREATE", 2, Mention("m-1", "first?"));
        await Eventually.UntilAsync(() => _logs.Lines.Any(l => l.Contains("Discord refused the bot in channel c403", StringComparison.Ordinal)));
        await connection.DispatchAsync("MESSAGE_CREATE", 3, Mention("m-2", "second?"));
        await Eventually.UntilAsync(() => _logs.Lines.Any(l => l.Contains("Not answering mentions in channel c403", StringComparison.Ordinal)));

        Assert.Equal(["POST /channels/c403/typing", "POST /channels/c403/messages"],
            _fake.Requests.Where(r => r.Path.StartsWith("/channels/c403/", StringComparison.Ordinal)).Select(r => r.ToString()).ToArray());
        _answers.Verify(a => a.AskAsync("second?", It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_second_bot_on_the_same_token_and_data_folder_stops_at_once_naming_the_lock_file_and_never_connects()
    {
        await StartHostAsync();
        await ConnectAsync();

        using var second = BuildHost();
        await second.StartAsync();
        await second.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var error = Assert.IsType<DiscordConfigurationException>(second.Services.GetRequiredService<DiscordBotStatus>().FatalError);
        Assert.Contains(Path.Combine(_folder, "discord-bot-1234567890123456789.lock"), error.Message);
        Assert.Contains($"process {Environment.ProcessId}", error.Message);
        Assert.Single(_fake.Requests, r => r.Path == "/gateway/bot"); // the first bot's only
        Assert.Equal(1, _fake.ConnectionCount);
        Assert.Null(_host.Services.GetRequiredService<DiscordBotStatus>().FatalError); // the first runs on

        await _host.StopAsync();
        using var third = BuildHost(); // once the first has stopped, a new one starts
        await third.StartAsync();
        await _fake.NextConnectionAsync();
        Assert.Null(third.Services.GetRequiredService<DiscordBotStatus>().FatalError);
        await third.StopAsync();
    }

    [Fact]
    public async Task No_log_line_of_a_whole_session_contains_the_token()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        await connection.DispatchAsync("INTERACTION_CREATE", 2, new
        {
            id = "int-9", application_id = "1000", type = 2, token = "tok-9", guild_id = "g1", channel_id = "c1",
            member = new { user = new { id = "u1" } },
            data = new { id = "cmd", name = "ask", type = 1, options = new object[] { new { name = "question", type = 3, value = "Q?" } } },
        });
        await _fake.WaitForRequestAsync(r => r.Method == "PATCH");
        await _host.StopAsync();
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(TestData.Token, _logs.All);
    }

    private static object Ask(string id, string question) => new
    {
        id,
        application_id = "1000",
        type = 2,
        token = "token-" + id,
        guild_id = "g1",
        channel_id = "c1",
        member = new { user = new { id = "u1", username = "asker" } },
        data = new { id = "cmd", name = "ask", type = 1, options = new object[] { new { name = "question", type = 3, value = question } } },
    };

    [Fact]
    public async Task After_every_documented_interaction_payload_the_next_ask_is_still_answered()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        int sequence = 2;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "interaction-*.json").Order(StringComparer.Ordinal))
            await connection.DispatchAsync("INTERACTION_CREATE", sequence++, Client.DocumentedPayloadTests.Fixture(Path.GetFileName(file)));
        await connection.DispatchAsync("INTERACTION_CREATE", sequence, Ask("after-docs", "Why are they sent back?"));

        var patch = await _fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == "/webhooks/1000/token-after-docs/messages/@original");
        Assert.Equal("Why are they sent back?", patch.Json.GetProperty("embeds")[0].GetProperty("title").GetString());
        Assert.DoesNotContain("The Discord event loop failed", _logs.All);
    }

    [Fact]
    public async Task An_event_that_cannot_be_read_is_logged_and_skipped_and_the_next_ask_is_answered()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        await connection.DispatchAsync("INTERACTION_CREATE", 2, new { id = "unreadable-1", type = new { unexpected = true }, token = "secret-interaction-token" });
        await connection.DispatchAsync("INTERACTION_CREATE", 3, Ask("after-junk", "Why are they sent back?"));

        await _fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == "/webhooks/1000/token-after-junk/messages/@original");
        var logged = Assert.Single(_logs.Lines, l => l.Contains("Skipped Discord event INTERACTION_CREATE unreadable-1", StringComparison.Ordinal));
        Assert.Contains("JsonException", logged);
        Assert.DoesNotContain("secret-interaction-token", _logs.All);
    }

    [Fact]
    public async Task Forged_custom_ids_naming_another_servers_answer_or_another_channel_get_private_refusals_and_nothing_is_posted()
    {
        await StartHostAsync();
        var connection = await ConnectAsync();
        await connection.DispatchAsync("INTERACTION_CREATE", 2, new
        {
            id = "private-ask", application_id = "1000", type = 2, token = "token-private-ask", guild_id = "g1", channel_id = "c1",
            member = new { user = new { id = "u1", username = "asker" } },
            data = new
            {
                id = "cmd", name = "ask", type = 1,
                options = new object[] { new { name = "question", type = 3, value = "Why are they sent back?" }, new { name = "ephemeral", type = 5, value = true } },
            },
        });
        var answer = await _fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == "/webhooks/1000/token-private-ask/messages/@original");
        var share = answer.Json.GetProperty("components").EnumerateArray().SelectMany(r => r.GetProperty("components").EnumerateArray())
            .Select(b => b.TryGetProperty("custom_id", out var id) ? id.GetString() : null).Single(id => id?.StartsWith("sb:sh:", StringComparison.Ordinal) == true)!;

        // The same user presses a copy of the share button in another server's channel.
        await connection.DispatchAsync("INTERACTION_CREATE", 3, new
        {
            id = "forged-share", application_id = "1000", type = 3, token = "token-forged-share", guild_id = "g2", channel_id = "c9",
            member = new { user = new { id = "u1", username = "asker" } },
            message = new { id = "m9", channel_id = "c9", flags = 64 },
            data = new { custom_id = share, component_type = 2 },
        });
        // A question form whose custom_id names a channel other than the one it is submitted in.
        await connection.DispatchAsync("INTERACTION_CREATE", 4, new
        {
            id = "forged-form", application_id = "1000", type = 5, token = "token-forged-form", guild_id = "g1", channel_id = "c1",
            member = new { user = new { id = "u1", username = "asker" } },
            data = new
            {
                custom_id = "sb:mm:c-victim/123",
                components = new object[] { new { type = 18, component = new { type = 4, custom_id = "q", value = "What is this?" } } },
            },
        });

        foreach (var (id, text) in new[] { ("forged-share", Discord.Interactions.InteractionReplies.NotYoursText), ("forged-form", Discord.Bot.InteractionHandler.OtherChannelFormText) })
        {
            var refusal = await _fake.WaitForRequestAsync(r => r.Path == $"/interactions/{id}/token-{id}/callback");
            Assert.Equal(4, refusal.Json.GetProperty("type").GetInt32());
            Assert.Equal(64, refusal.Json.GetProperty("data").GetProperty("flags").GetInt32());
            Assert.Equal(text, refusal.Json.GetProperty("data").GetProperty("content").GetString());
        }
        Assert.DoesNotContain(_fake.Requests, r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal));
        Assert.DoesNotContain(_fake.Requests, r => r.Path.Contains("token-forged", StringComparison.Ordinal) && !r.Path.EndsWith("/callback", StringComparison.Ordinal));
        _answers.Verify(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_public_bot_registers_its_commands_globally_and_kb_only_in_the_moderating_server()
    {
        await StartHostAsync(new() { ["SourceBot:Discord:GuildId"] = null, ["SourceBot:Discord:ModeratorGuildIds:0"] = "900" });
        await ConnectAsync();
        var global = await _fake.WaitForRequestAsync(r => r.Method == "PUT" && r.Path == "/applications/1000/commands");
        var guild = await _fake.WaitForRequestAsync(r => r.Method == "PUT" && r.Path == "/applications/1000/guilds/900/commands");
        Assert.DoesNotContain(global.Json.EnumerateArray(), c => c.GetProperty("name").GetString() == "kb");
        var kb = Assert.Single(guild.Json.EnumerateArray());
        Assert.Equal("kb", kb.GetProperty("name").GetString());
        Assert.Contains("Moderation (/kb, Teach) in servers 900 only", _logs.All);
    }

    [Fact]
    public async Task Without_a_moderating_server_the_start_up_log_says_how_to_turn_moderation_on()
    {
        await StartHostAsync(new() { ["SourceBot:Discord:GuildId"] = null });
        await ConnectAsync();
        var global = await _fake.WaitForRequestAsync(r => r.Method == "PUT");
        Assert.Equal("/applications/1000/commands", global.Path);
        Assert.DoesNotContain(global.Json.EnumerateArray(), c => c.GetProperty("name").GetString() == "kb");
        Assert.Contains("Discord moderation is off", _logs.All);
        Assert.Contains("SourceBot:Discord:ModeratorGuildIds", _logs.All);
    }
}
