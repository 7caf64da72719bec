using Moq;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Interactions;

/// <summary>What an <see cref="InteractionContext"/> notes as sent, which decides how a failure is reported to the user.</summary>
public sealed class InteractionContextTests
{
    [Fact]
    public async Task A_deferral_is_noted_as_deferred_until_its_placeholder_is_edited()
    {
        var h = new BotHarness();
        var context = new InteractionContext(h.Rest.Object, BotHarness.Button("sb:ra:001#p4"), "1000");

        await context.DeferAsync(ephemeral: true, default);
        Assert.Equal(InteractionResponseState.Deferred, context.State);

        await context.EditOriginalAsync(AnswerRenderer.Note("done"), default);
        Assert.Equal(InteractionResponseState.Responded, context.State);
    }

    [Fact]
    public async Task Deleting_the_placeholder_after_an_answer_was_delivered_does_not_make_it_undelivered()
    {
        var h = new BotHarness();
        var context = new InteractionContext(h.Rest.Object, BotHarness.Button("sb:ra:001#p4"), "1000");

        await context.RespondAsync(AnswerRenderer.Note("answer"), default);
        await context.DeleteOriginalAsync(default);

        Assert.Equal(InteractionResponseState.Responded, context.State);
    }

    [Fact]
    public async Task A_call_discord_refuses_is_not_noted_as_sent()
    {
        var h = new BotHarness();
        h.Rest.Setup(r => r.CreateInteractionResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection reset"));
        var context = new InteractionContext(h.Rest.Object, BotHarness.Button("sb:ra:001#p4"), "1000");

        await Assert.ThrowsAsync<HttpRequestException>(() => context.RespondAsync(AnswerRenderer.Note("answer"), default));

        Assert.Equal(InteractionResponseState.None, context.State);
    }

    [Fact]
    public async Task A_webhook_call_without_a_known_application_id_fails_before_anything_is_sent()
    {
        var h = new BotHarness();
        var context = new InteractionContext(h.Rest.Object, BotHarness.Button("sb:ra:001#p4"), applicationId: null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => context.FollowUpAsync(AnswerRenderer.Note("hello"), default));

        Assert.Empty(h.Take());
    }
}
