using SourceBot.Core.Answers;

namespace SourceBot.Core.Tests.Storage;

/// <summary>The recent answers contract in memory, and the bound on the number of entries that only memory has.</summary>
public sealed class InMemoryRecentAnswerStoreContractTests : RecentAnswerStoreContract
{
    protected override IRecentAnswerStore CreateStore() => new InMemoryRecentAnswerStore(100, Lifetime, Time);

    [Fact]
    public async Task When_full_the_least_recently_used_entry_goes_first()
    {
        var store = new InMemoryRecentAnswerStore(2, Lifetime, Time);
        var a = await store.AddAsync("bees", FullAnswer("a"), "");
        var b = await store.AddAsync("bees", FullAnswer("b"), "");
        Assert.NotNull(await store.FindAsync(a)); // a is now the most recently used

        var c = await store.AddAsync("bees", FullAnswer("c"), "");

        Assert.Null(await store.FindAsync(b));
        Assert.Equal("a", (await store.FindAsync(a))?.Answer.Question);
        Assert.NotNull(await store.FindAsync(c));
        Assert.Equal(2, store.Count);
    }
}
