using Moq;
using SourceBot.Core.Answers;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Rendering;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>
/// Questions over the 1,000-character limit reach the answer service whole, so it can refuse them with its reason (Core's
/// <see cref="AnswerOutcome.TooLong"/>) instead of the bot answering a silently cut question; what is echoed back still fits Discord.
/// </summary>
public sealed class LongQuestionTests
{
    // About 1,500 characters: over Core's 1,000, under Discord's 2,000 for a message.
    private static readonly string LongQuestion = "Why " + string.Join(" ", Enumerable.Repeat("exactly does this rule apply here", 44)) + "?";

    /// <summary>What Core answers to a question over its limit: a no-answer that keeps the whole question and says why.</summary>
    private static Answer TooLong(string question) =>
        Answer.NoAnswer(question, AnswerOutcome.TooLong, $"That question is {question.Length:N0} characters long; please ask in at most 1,000.", ["A topic"]);

    [Fact]
    public async Task A_mention_over_the_question_limit_reaches_the_answer_service_whole()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> " + LongQuestion), default);
        h.Answers.Verify(a => a.AskAsync(LongQuestion, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Ask_sourcebot_on_a_message_over_the_question_limit_passes_its_whole_text()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.MessageCommand("target-long", LongQuestion), default);
        h.Answers.Verify(a => a.AskAsync(LongQuestion, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_too_long_reply_to_a_mention_gives_the_reason_within_discords_limits()
    {
        var h = new BotHarness();
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string q, CancellationToken _) => TooLong(q));

        await h.Mentions.HandleAsync(BotHarness.Message("<@42> " + LongQuestion), default);

        var reply = h.Take().Single(c => c.Kind == "message");
        var payload = Assert.IsType<MessagePayload>(reply.Body);
        Assert.Empty(DiscordLimits.Violations(payload));
        Assert.Contains($"That question is {LongQuestion.Length:N0} characters long", payload.Embeds![0].Description);
    }
}
