using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Client.Gateway;

/// <summary>The whole front end as the executable runs it (generic host + AddSourceBotDiscord) with two shards, on the fake Discord.</summary>
public sealed class ShardedBotTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private readonly List<IHost> _hosts = [];
    private readonly ListLogger _logs = new();
    private readonly Mock<IAnswerService> _answers = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sb-shards-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _fake.MaxConcurrency = 2;
        _answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string q, CancellationToken _) => TestData.Answered(question: q));
        _answers.Setup(a => a.Info).Returns(new EngineInfo("0.1.0", "k", "m", 1, 1));
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await _fake.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
    }

    private async Task<IHost> StartHostAsync(params (string Key, string Value)[] shards)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SourceBot:Discord:Token"] = TestData.Token,
            ["SourceBot:Discord:ApiBaseUrl"] = _fake.ApiBase,
            ["SourceBot:Discord:RegisterCommands"] = "false",
            ["SourceBot:Discord:FeedbackDatabasePath"] = Path.Combine(_folder, "feedback.db"),
        };
        foreach (var (key, value) in shards) settings["SourceBot:Discord:Shards:" + key] = value;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSingleton(_answers.Object);
        builder.Services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task An_interaction_arriving_on_shard_1_is_answered()
    {
        await StartHostAsync(("Count", "2"));
        var shards = await _fake.HandshakeShardsAsync(2);

        await shards[1].DispatchAsync("INTERACTION_CREATE", 2, new
        {
            id = "on-shard-1", application_id = "1000", type = 2, token = "token-on-shard-1", guild_id = "g1", channel_id = "c1",
            member = new { user = new { id = "u1", username = "asker" } },
            data = new { id = "cmd", name = "ask", type = 1, options = new object[] { new { name = "question", type = 3, value = "Why are they sent back?" } } },
        });

        var patch = await _fake.WaitForRequestAsync(r => r.Method == "PATCH");
        Assert.Equal("/webhooks/1000/token-on-shard-1/messages/@original", patch.Path);
        Assert.Single(_fake.Requests, r => r.Path == "/interactions/on-shard-1/token-on-shard-1/callback");
        _answers.Verify(a => a.AskAsync("Why are they sent back?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_shard_status_is_registered_and_reports_every_shard_of_the_process_ready()
    {
        var host = await StartHostAsync(("Count", "2"));
        var status = host.Services.GetRequiredService<IShardStatus>();
        Assert.Same(host.Services.GetRequiredService<IDiscordGatewayClient>(), status);

        await _fake.HandshakeShardsAsync(2);
        await Eventually.UntilAsync(() => status.AllReady);
        Assert.Equal([0, 1], status.Shards.Select(s => s.ShardId));
        Assert.All(status.Shards, s => Assert.Equal(2, s.ShardCount));
    }

    [Fact]
    public async Task Two_processes_on_one_data_folder_with_disjoint_shards_both_run()
    {
        var first = await StartHostAsync(("Count", "2"), ("Ids:0", "0"));
        var second = await StartHostAsync(("Count", "2"), ("Ids:0", "1"));

        await _fake.HandshakeShardsAsync(2);
        Assert.Equal([(0, 2), (1, 2)], _fake.Identifies.Select(i => (i.ShardId, i.ShardCount)).Order().ToArray());
        Assert.Null(first.Services.GetRequiredService<DiscordBotStatus>().FatalError);
        Assert.Null(second.Services.GetRequiredService<DiscordBotStatus>().FatalError);
    }

    [Fact]
    public async Task A_process_whose_shards_overlap_a_running_ones_stops_at_once_naming_the_shard_and_never_connects()
    {
        await StartHostAsync(("Count", "2"), ("Ids:0", "1"));
        await _fake.HandshakeShardsAsync(1);

        var second = await StartHostAsync(("Count", "2"), ("Ids:0", "0"), ("Ids:1", "1"));
        await second.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var error = Assert.IsType<DiscordConfigurationException>(second.Services.GetRequiredService<DiscordBotStatus>().FatalError);
        Assert.Contains("Shard 1 of this bot token is already run by another SourceBot", error.Message);
        Assert.Contains($"process {Environment.ProcessId}", error.Message);
        Assert.Equal(1, _fake.ConnectionCount);
    }
}
