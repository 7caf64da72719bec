using Microsoft.Extensions.Time.Testing;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Libraries;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Interactions;

/// <summary>
/// A button whose response needs a read that does not finish at once (recent answers or the server's library in a database) is
/// deferred before the read, then its response is edited in; reads from memory are answered in one callback as before.
/// </summary>
public sealed class DeferWhileReadingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Recent answers in memory whose lookups wait until the test lets them finish.</summary>
    private sealed class HeldRecentAnswerStore(IRecentAnswerStore inner) : IRecentAnswerStore
    {
        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> AddAsync(string libraryId, Answer answer, string origin, CancellationToken cancellationToken = default) =>
            inner.AddAsync(libraryId, answer, origin, cancellationToken);

        public async Task<StoredAnswer?> FindAsync(string key, CancellationToken cancellationToken = default)
        {
            Reading.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return await inner.FindAsync(key, cancellationToken);
        }

        public Task<string> AddAliasAsync(string value, CancellationToken cancellationToken = default) => inner.AddAliasAsync(value, cancellationToken);

        public Task<string?> FindAliasAsync(string key, CancellationToken cancellationToken = default) => inner.FindAliasAsync(key, cancellationToken);
    }

    [Fact]
    public async Task A_vote_is_deferred_privately_while_its_answer_is_read_and_the_thanks_are_edited_in()
    {
        var store = new HeldRecentAnswerStore(new InMemoryRecentAnswerStore(100, TimeSpan.FromHours(1), new FakeTimeProvider()));
        var h = new BotHarness(recentStore: store);
        var key = await h.RememberAsync(TestData.Answered(question: "Why?"));

        var pressing = h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}", userId: "voter"), default);
        await store.Reading.Task.WaitAsync(Patience);

        // The read has not finished, and the press is acknowledged already: privately, as the thanks will be.
        var deferral = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(deferral.Body).Type);
        Assert.Equal(64, deferral.Json.GetProperty("data").GetProperty("flags").GetInt32());

        store.Release.SetResult();
        await pressing.WaitAsync(Patience);
        var thanks = Assert.Single(h.Take());
        Assert.Equal("edit", thanks.Kind);
        Assert.Contains("👍", thanks.Json.GetProperty("content").GetString());
        h.Feedback.Verify(f => f.RecordAsync("Why?", "001#p4", "voter", Core.Feedback.FeedbackVote.Up, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_expired_answer_read_slowly_is_reported_in_the_private_placeholder()
    {
        var store = new HeldRecentAnswerStore(new InMemoryRecentAnswerStore(100, TimeSpan.FromHours(1), new FakeTimeProvider()));
        var h = new BotHarness(recentStore: store);

        var pressing = h.Interactions.HandleAsync(BotHarness.Button("sb:om:AAAAAAAAAA"), default);
        await store.Reading.Task.WaitAsync(Patience);
        store.Release.SetResult();
        await pressing.WaitAsync(Patience);

        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(calls[0].Body).Type);
        Assert.Equal(Discord.Interactions.InteractionReplies.ExpiredText, calls[1].Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_citation_is_deferred_privately_while_the_servers_library_opens()
    {
        var opening = new TaskCompletionSource<IAnswerService>(TaskCreationOptions.RunContinuationsAsynchronously);
        var libraries = new Mock<ILibraryAnswers>();
        libraries.Setup(l => l.ForServerAsync(It.IsAny<string?>(), It.IsAny<CancellationToken>())).Returns(opening.Task);
        var h = new BotHarness(libraryAnswers: libraries.Object);
        var deferred = new TaskCompletionSource<InteractionResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Rest.Setup(r => r.CreateInteractionResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, InteractionResponse response, CancellationToken _) => deferred.TrySetResult(response))
            .Returns(Task.CompletedTask);

        var pressing = h.Interactions.HandleAsync(BotHarness.Button("sb:ct:001#p4"), default);
        var response = await deferred.Task.WaitAsync(Patience);
        Assert.False(opening.Task.IsCompleted); // acknowledged before the library was there
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, response.Type);
        Assert.Equal(MessageFlags.Ephemeral, Assert.IsType<MessagePayload>(response.Data).Flags);

        opening.SetResult(h.Answers.Object);
        await pressing.WaitAsync(Patience);
        var citation = Assert.Single(h.Take(), c => c.Kind == "edit");
        Assert.Equal("APA", citation.Json.GetProperty("embeds")[0].GetProperty("fields")[0].GetProperty("name").GetString());
    }
}
