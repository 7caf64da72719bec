using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests;

/// <summary>How <see cref="SourceBotDiscordService"/> hands gateway events to the handlers.</summary>
public sealed class ServiceConcurrencyTests
{
    /// <summary>A gateway whose dispatches the test writes.</summary>
    private sealed class ScriptedGateway : IDiscordGatewayClient
    {
        public Channel<GatewayDispatch> Dispatches { get; } = Channel.CreateUnbounded<GatewayDispatch>();
        public ChannelReader<GatewayDispatch> Events => Dispatches.Reader;
        public DiscordUser? CurrentUser => new() { Id = "42" };
        public string? ApplicationId => "1000";
        public GatewayState State => GatewayState.Ready;
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Completion => _completion.Task;
        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default)
        {
            Dispatches.Writer.TryComplete();
            _completion.TrySetResult();
            return Task.CompletedTask;
        }

        public void Dispatch(string type, object data) =>
            Assert.True(Dispatches.Writer.TryWrite(new GatewayDispatch(type, null, JsonSerializer.SerializeToElement(data, data.GetType(), DiscordJson.Options))));
    }

    [Fact]
    public async Task An_interaction_is_handled_at_once_while_every_mention_slot_is_busy_and_mentions_stay_bounded()
    {
        var h = new BotHarness(o => o.RegisterCommands = false);
        var release = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        int asked = 0;
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken _) =>
            {
                Interlocked.Increment(ref asked);
                return release.Task;
            });
        var gateway = new ScriptedGateway();
        var service = new SourceBotDiscordService(gateway, h.Rest.Object, h.Mentions, h.Interactions, h.Threads, h.Session, new DiscordBotStatus(),
            Microsoft.Extensions.Options.Options.Create(h.Options), NullLogger<SourceBotDiscordService>.Instance);
        await service.StartAsync(default);

        const int mentions = SourceBotDiscordService.MaxConcurrentMentions + 20;
        for (int i = 0; i < mentions; i++)
            gateway.Dispatch("MESSAGE_CREATE", BotHarness.Message("<@42> a slow question", id: $"m{i}", authorId: $"u{i}"));
        var interaction = BotHarness.Slash("sources");
        gateway.Dispatch("INTERACTION_CREATE", interaction);

        // Every mention slot holds an unanswered question, and 20 more mentions wait: the interaction is answered all the same.
        await Eventually.UntilAsync(() => h.Calls.Any(c => c.Kind == "callback" && c.Target == $"{interaction.Id}/{interaction.Token}"));
        await Eventually.UntilAsync(() => Volatile.Read(ref asked) == SourceBotDiscordService.MaxConcurrentMentions);
        // The next mention was taken from the queue and waits for a slot; the 19 after it wait in the queue.
        await Eventually.UntilAsync(() => service.QueuedMentions == mentions - SourceBotDiscordService.MaxConcurrentMentions - 1);
        Assert.Equal(SourceBotDiscordService.MaxConcurrentMentions, Volatile.Read(ref asked)); // the bound on mentions holds

        release.SetResult(TestData.Answered());
        await Eventually.UntilAsync(() => Volatile.Read(ref asked) == mentions); // the waiting ones are answered in turn
        await service.StopAsync(default);
        await service.DisposeAsync();
    }

    [Fact]
    public async Task An_ask_is_deferred_as_soon_as_it_is_read_while_earlier_asks_hold_every_answer_slot()
    {
        const int slots = 2;
        var h = new BotHarness(o => o.RegisterCommands = false, answerSlots: slots);
        var release = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        int asked = 0;
        var slotsTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken _) =>
            {
                if (Interlocked.Increment(ref asked) == slots) slotsTaken.TrySetResult();
                return release.Task;
            });
        var late = BotHarness.Slash("ask", "a question read last", channelId: "c-late");
        var lateDeferred = new TaskCompletionSource<InteractionResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Rest.Setup(r => r.CreateInteractionResponseAsync(late.Id, late.Token, It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, InteractionResponse response, CancellationToken _) => lateDeferred.TrySetResult(response))
            .Returns(Task.CompletedTask);
        var gateway = new ScriptedGateway();
        var service = new SourceBotDiscordService(gateway, h.Rest.Object, h.Mentions, h.Interactions, h.Threads, h.Session, new DiscordBotStatus(),
            Microsoft.Extensions.Options.Options.Create(h.Options), NullLogger<SourceBotDiscordService>.Instance);
        await service.StartAsync(default);

        for (int i = 0; i < slots + 3; i++) gateway.Dispatch("INTERACTION_CREATE", BotHarness.Slash("ask", $"slow question {i}", channelId: $"c{i}", userId: $"u{i}"));
        await slotsTaken.Task.WaitAsync(TimeSpan.FromSeconds(10));
        gateway.Dispatch("INTERACTION_CREATE", late);

        // Every slot holds an unanswered question and three more wait for one: the last one read is deferred all the same.
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, (await lateDeferred.Task.WaitAsync(TimeSpan.FromSeconds(10))).Type);
        Assert.Equal(slots, Volatile.Read(ref asked)); // answering stays bounded

        release.SetResult(TestData.Answered());
        await Eventually.UntilAsync(() => Volatile.Read(ref asked) == slots + 4);
        await service.StopAsync(default);
        await service.DisposeAsync();
    }

    [Theory]
    [InlineData("777", true)]
    [InlineData(null, false)]
    public async Task Registering_in_one_guild_says_at_start_that_global_commands_stay_and_how_to_clear_them(string? guildId, bool expected)
    {
        var h = new BotHarness(o => o.GuildId = guildId);
        var logs = new ListLogger();
        var gateway = new ScriptedGateway();
        var service = new SourceBotDiscordService(gateway, h.Rest.Object, h.Mentions, h.Interactions, h.Threads, h.Session, new DiscordBotStatus(),
            Microsoft.Extensions.Options.Options.Create(h.Options), logs.For<SourceBotDiscordService>());

        await service.StartAsync(default);
        await service.StopAsync(default);
        await service.DisposeAsync();

        var note = logs.Lines.Where(l => l.Contains("stay registered", StringComparison.Ordinal)).ToArray();
        if (!expected)
        {
            Assert.Empty(note);
            return;
        }
        var line = Assert.Single(note);
        Assert.StartsWith("Information:", line);
        Assert.Contains("guild 777", line);
        Assert.Contains("PUT https://discord.com/api/v10/applications/<application id>/commands with the body []", line);
        Assert.DoesNotContain(TestData.Token, line);
    }
}
