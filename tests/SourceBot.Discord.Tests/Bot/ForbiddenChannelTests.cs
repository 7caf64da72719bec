using System.Net;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>
/// A channel that answered 403 Forbidden is left alone for a while: every further post or typing indicator there would be one
/// more invalid request towards Discord's IP ban.
/// </summary>
public sealed class ForbiddenChannelTests
{
    private const string Closed = "c-closed";

    private static DiscordHttpException Forbidden(string route) => new(HttpStatusCode.Forbidden, 50013, "Missing Permissions", route);

    /// <summary>Posting in <see cref="Closed"/> is refused with 403 (and noted as a "message" call).</summary>
    private static void PostingIsRefused(BotHarness h, string channel = Closed) =>
        h.Rest.Setup(r => r.CreateMessageAsync(channel, It.IsAny<MessagePayload>(), It.IsAny<CancellationToken>()))
            .Callback((string c, MessagePayload m, CancellationToken _) => h.Calls.Enqueue(new("message", c, m)))
            .ThrowsAsync(Forbidden("POST /channels/{channel_id}/messages"));

    [Fact]
    public async Task After_a_post_is_refused_the_next_mention_there_makes_no_request_and_is_not_answered()
    {
        var h = new BotHarness();
        PostingIsRefused(h);

        await h.Mentions.HandleAsync(BotHarness.Message("<@42> first?", id: "m1", channelId: Closed), default);
        Assert.Equal(["typing", "message"], h.Take().Select(c => c.Kind).ToArray());

        await h.Mentions.HandleAsync(BotHarness.Message("<@42> second?", id: "m2", channelId: Closed, authorId: "u2"), default);
        Assert.Empty(h.Take());
        h.Answers.Verify(a => a.AskAsync("second?", It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_refused_typing_indicator_keeps_the_answer_from_being_posted_there()
    {
        var h = new BotHarness();
        h.Rest.Setup(r => r.TriggerTypingAsync(Closed, It.IsAny<CancellationToken>()))
            .Callback((string c, CancellationToken _) => h.Calls.Enqueue(new("typing", c, null)))
            .ThrowsAsync(Forbidden("POST /channels/{channel_id}/typing"));

        await h.Mentions.HandleAsync(BotHarness.Message("<@42> anyone?", channelId: Closed), default);

        Assert.Equal(["typing"], h.Take().Select(c => c.Kind).ToArray());
    }

    [Fact]
    public async Task Other_channels_are_answered_as_usual()
    {
        var h = new BotHarness();
        PostingIsRefused(h);
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> first?", channelId: Closed), default);
        h.Take();

        await h.Mentions.HandleAsync(BotHarness.Message("<@42> elsewhere?", channelId: "c-open"), default);

        Assert.Contains(h.Take(), c => c.Kind == "message" && c.Target == "c-open");
    }

    [Fact]
    public async Task After_the_pause_the_channel_is_tried_again()
    {
        var h = new BotHarness(o => o.ForbiddenChannelPause = TimeSpan.FromHours(1));
        PostingIsRefused(h);
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> first?", id: "m1", channelId: Closed), default);
        h.Take();

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> later?", id: "m2", channelId: Closed, authorId: "u2"), default);

        Assert.Contains(h.Take(), c => c.Kind == "message" && c.Target == Closed);
    }

    [Fact]
    public async Task Ask_SourceBot_in_a_channel_that_refused_the_bot_answers_privately_without_trying_to_post_again()
    {
        var h = new BotHarness();
        PostingIsRefused(h, "c1");
        await h.Interactions.HandleAsync(BotHarness.MessageCommand("t1", "<@42> why?"), default);
        Assert.Equal(["callback", "message", "edit"], h.Take().Select(c => c.Kind).ToArray());

        await h.Interactions.HandleAsync(BotHarness.MessageCommand("t2", "<@42> and how?"), default);

        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal("and how?", calls[1].Json.GetProperty("embeds")[0].GetProperty("title").GetString()); // the answer, privately
    }

    [Fact]
    public void A_skipped_mention_is_logged_once_per_pause()
    {
        var time = new FakeTimeProvider();
        var logs = new ListLogger();
        var forbidden = new ForbiddenChannels(TimeSpan.FromHours(1), time, logs.CreateLogger("noise"));
        forbidden.Forbid(Closed, Forbidden("POST /channels/{channel_id}/messages"));

        Assert.True(forbidden.SkipMention(Closed));
        Assert.True(forbidden.SkipMention(Closed));
        Assert.True(forbidden.SkipMention(Closed));
        Assert.Single(logs.Lines, l => l.Contains("Not answering mentions in channel c-closed", StringComparison.Ordinal));
        Assert.Single(logs.Lines, l => l.Contains("Discord refused the bot in channel c-closed", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromHours(1));
        Assert.False(forbidden.SkipMention(Closed));
    }

    [Fact]
    public void A_pause_of_zero_remembers_nothing()
    {
        var forbidden = new ForbiddenChannels(TimeSpan.Zero, new FakeTimeProvider(), new ListLogger().CreateLogger("noise"));
        forbidden.Forbid(Closed, Forbidden("POST /channels/{channel_id}/messages"));
        Assert.False(forbidden.IsForbidden(Closed));
    }
}
