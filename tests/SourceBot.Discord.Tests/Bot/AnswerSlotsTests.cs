using Moq;
using SourceBot.Core.Answers;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>Interactions are acknowledged at once and answered a bounded number at a time (<see cref="AnswerSlots"/>).</summary>
public sealed class AnswerSlotsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_question_is_deferred_while_an_earlier_answer_holds_the_only_slot_and_asked_only_when_the_slot_frees()
    {
        var h = new BotHarness(answerSlots: 1);
        var firstAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Answers.Setup(a => a.AskAsync("first?", It.IsAny<CancellationToken>())).Returns(() =>
        {
            firstAsked.TrySetResult();
            return releaseFirst.Task;
        });
        var first = h.Interactions.HandleAsync(BotHarness.Slash("ask", "first?", channelId: "c1"), default);
        await firstAsked.Task.WaitAsync(Patience);

        var second = BotHarness.Slash("ask", "second?", channelId: "c2");
        var handlingSecond = h.Interactions.HandleAsync(second, default);

        // The second question's deferral went out although the first answer holds the slot; its own answer waits.
        var deferral = Assert.Single(h.Calls, c => c.Kind == "callback" && c.Target == $"{second.Id}/{second.Token}");
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(deferral.Body).Type);
        Assert.False(handlingSecond.IsCompleted);
        h.Answers.Verify(a => a.AskAsync("second?", It.IsAny<CancellationToken>()), Times.Never);

        releaseFirst.SetResult(TestData.Answered(question: "first?"));
        await Task.WhenAll(first, handlingSecond).WaitAsync(Patience);
        h.Answers.Verify(a => a.AskAsync("second?", It.IsAny<CancellationToken>()), Times.Once);
        Assert.Contains(h.Calls, c => c.Kind == "edit" && c.Target == $"1000/{second.Token}");
    }

    [Fact]
    public async Task Questions_waiting_for_a_slot_are_answered_in_the_order_they_came()
    {
        var h = new BotHarness(answerSlots: 1);
        var firstAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new List<string>();
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns((string q, CancellationToken _) =>
        {
            lock (asked) asked.Add(q);
            if (q != "q0") return Task.FromResult(TestData.Answered(question: q));
            firstAsked.TrySetResult();
            return releaseFirst.Task;
        });
        var handling = new List<Task> { h.Interactions.HandleAsync(BotHarness.Slash("ask", "q0", channelId: "c0", userId: "u0"), default) };
        await firstAsked.Task.WaitAsync(Patience);
        for (int i = 1; i <= 5; i++) handling.Add(h.Interactions.HandleAsync(BotHarness.Slash("ask", $"q{i}", channelId: $"c{i}", userId: $"u{i}"), default));

        releaseFirst.SetResult(TestData.Answered(question: "q0"));
        await Task.WhenAll(handling).WaitAsync(Patience);

        Assert.Equal(["q0", "q1", "q2", "q3", "q4", "q5"], asked);
    }
}
