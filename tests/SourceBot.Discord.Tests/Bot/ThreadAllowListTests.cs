using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>The channel allow-list counts a thread as the channel it was created in.</summary>
public sealed class ThreadAllowListTests
{
    private readonly ListLogger _logs = new();
    private readonly ThreadParents _threads = new();

    private NoiseControl Noise(params string[] allowed) =>
        new(Options.Create(TestData.Options(o => o.AllowedChannelIds = [.. allowed])), new FakeTimeProvider(), _threads, _logs.For<NoiseControl>());

    private static DiscordChannel Thread(string id, string parentId, ChannelType type = ChannelType.PublicThread) => new() { Id = id, Type = type, GuildId = "g1", ParentId = parentId };

    private static DiscordInteraction InThread(DiscordChannel channel) => BotHarness.Slash("ask", "Q?", channelId: channel.Id) with { Channel = channel };

    [Fact]
    public void An_interaction_in_a_thread_of_an_allowed_channel_is_allowed_by_its_channel_parent_id()
    {
        var noise = Noise("c-allowed");
        Assert.True(noise.IsAllowed(InThread(Thread("t1", "c-allowed"))));
        Assert.True(noise.IsAllowed(InThread(Thread("t2", "c-allowed", ChannelType.PrivateThread))));
        Assert.True(noise.IsAllowed(InThread(Thread("t3", "c-allowed", ChannelType.AnnouncementThread))));
    }

    [Fact]
    public void An_interaction_in_a_thread_of_another_channel_is_refused()
    {
        Assert.False(Noise("c-allowed").IsAllowed(InThread(Thread("t1", "c-other"))));
    }

    [Fact]
    public void The_parent_of_a_channel_that_is_not_a_thread_is_its_category_and_does_not_count()
    {
        var textChannel = new DiscordChannel { Id = "c-text", Type = 0, GuildId = "g1", ParentId = "category" };
        Assert.False(Noise("category").IsAllowed(InThread(textChannel)));
    }

    [Fact]
    public void A_message_in_a_known_thread_of_an_allowed_channel_is_allowed()
    {
        _threads.Remember(Thread("t1", "c-allowed"));
        Assert.True(Noise("c-allowed").IsAllowed(BotHarness.Message("<@42> Q?", channelId: "t1")));
    }

    [Fact]
    public void A_message_in_a_known_thread_of_another_channel_is_refused()
    {
        _threads.Remember(Thread("t1", "c-other"));
        Assert.False(Noise("c-allowed").IsAllowed(BotHarness.Message("<@42> Q?", channelId: "t1")));
    }

    [Fact]
    public void A_message_in_an_unknown_thread_is_refused_and_logged_at_debug()
    {
        Assert.False(Noise("c-allowed").IsAllowed(BotHarness.Message("<@42> Q?", channelId: "t-unknown")));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Debug:", StringComparison.Ordinal) && l.Contains("t-unknown"));
    }

    [Fact]
    public void An_interaction_in_a_thread_makes_the_thread_known_for_later_mentions_in_it()
    {
        var noise = Noise("c-allowed");
        noise.IsAllowed(InThread(Thread("t1", "c-allowed")));
        Assert.True(noise.IsAllowed(BotHarness.Message("<@42> Q?", channelId: "t1")));
    }

    [Fact]
    public void Without_an_allow_list_every_thread_is_allowed_known_or_not()
    {
        Assert.True(Noise().IsAllowed(BotHarness.Message("<@42> Q?", channelId: "t-unknown")));
    }

    [Fact]
    public async Task A_mention_in_a_known_thread_of_an_allowed_channel_is_answered_in_the_thread()
    {
        var h = new BotHarness(o => o.AllowedChannelIds = ["c-allowed"]);
        h.Threads.Remember(Thread("t1", "c-allowed"));
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> When did China accede?", channelId: "t1"), default);
        var reply = Assert.Single(h.Take(), c => c.Kind == "message");
        Assert.Equal("t1", reply.Target);
    }

    [Fact]
    public async Task Ask_in_a_thread_of_an_allowed_channel_is_answered_rather_than_refused()
    {
        var h = new BotHarness(o => o.AllowedChannelIds = ["c-allowed"]);
        await h.Interactions.HandleAsync(InThread(Thread("t1", "c-allowed")), default);
        Assert.Equal(["callback", "edit"], h.Take().Select(c => c.Kind).ToArray());
        h.Answers.Verify(a => a.AskAsync("Q?", It.IsAny<CancellationToken>()), Times.Once);
    }
}
