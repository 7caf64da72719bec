using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Answers;

namespace SourceBot.Core.Tests.Storage;

/// <summary>What every <see cref="IRecentAnswerStore"/> does, whatever stores it.</summary>
public abstract class RecentAnswerStoreContract
{
    protected static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero));

    /// <summary>A store whose entries live <see cref="Lifetime"/> on <see cref="Time"/>.</summary>
    protected abstract IRecentAnswerStore CreateStore();

    /// <summary>An answer with every field set, footnotes, a citation, runners-up and scores that decimal text would round.</summary>
    protected static Answer FullAnswer(string question = "Why doesn't China treat North Koreans as refugees?") => new(
        question,
        AnswerOutcome.Answered,
        "“In 1982, China acceded to the 1951 Convention.”[3] Ünïcode — and \"quotes\".",
        [new FootnoteRef(3, "UNHCR, “Convention and Protocol”, p. 12."), new FootnoteRef(12, "Ibid.")],
        new Citation(["Roberta Cohen", "Jane Doe"], "Legal Grounds for Protection", "Brookings Institution", "2010-09-13", "https://example.org/a?b=c&d"),
        "cohen-2010",
        "cohen-2010#p4",
        "The whole passage.\nWith a line break.",
        0.1 + 0.2,
        double.NaN,
        [new Alternative("cohen-2010#p5", "cohen-2010", "Another quote.", 1e-300), new Alternative("other#p1", "other", "", -0.0)],
        "",
        ["refugees", "treaties"]);

    private static void AssertSameAnswer(Answer expected, Answer actual)
    {
        // Records compare ImmutableArrays by reference, so compare the text form (which writes every field) and the arrays.
        Assert.Equal(AnswerJson.Serialize(expected), AnswerJson.Serialize(actual));
        Assert.Equal(expected.Footnotes, actual.Footnotes.AsEnumerable());
        Assert.Equal(expected.Alternatives, actual.Alternatives.AsEnumerable());
        Assert.Equal(expected.NearestTopics, actual.NearestTopics.AsEnumerable());
        Assert.Equal(expected.Citation?.Authors ?? [], actual.Citation?.Authors.AsEnumerable() ?? []);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Score), BitConverter.DoubleToInt64Bits(actual.Score));
    }

    [StoreContractFact]
    public async Task A_stored_answer_comes_back_exactly_with_its_library_origin_and_time()
    {
        var store = CreateStore();
        var answer = FullAnswer();

        var key = await store.AddAsync("bees", answer, "{\"channel\":\"7\"}");

        var found = await store.FindAsync(key);
        Assert.NotNull(found);
        Assert.Equal((key, "bees", "{\"channel\":\"7\"}", Time.GetUtcNow()), (found.Key, found.LibraryId, found.Origin, found.StoredAt));
        AssertSameAnswer(answer, found.Answer);
    }

    [StoreContractFact]
    public async Task A_no_answer_comes_back_exactly()
    {
        var store = CreateStore();
        var answer = Answer.NoAnswer("Who won the cup?", AnswerOutcome.NotCovered, "The sources do not cover this.", ["refugees"], score: 0.12);

        var found = await store.FindAsync(await store.AddAsync("bees", answer, ""));

        Assert.NotNull(found);
        AssertSameAnswer(answer, found.Answer);
        Assert.Null(found.Answer.Citation);
    }

    [StoreContractFact]
    public async Task Keys_are_ten_letters_or_digits_and_each_answer_gets_its_own()
    {
        var store = CreateStore();

        var keys = new List<string>();
        for (int i = 0; i < 20; i++) keys.Add(await store.AddAsync("bees", FullAnswer("q" + i), ""));

        Assert.All(keys, key => Assert.Matches("^[0-9A-Za-z]{10}$", key));
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal("q7", (await store.FindAsync(keys[7]))?.Answer.Question);
    }

    [StoreContractFact]
    public async Task An_unknown_or_malformed_key_finds_nothing()
    {
        var store = CreateStore();
        await store.AddAsync("bees", FullAnswer(), "");

        Assert.Null(await store.FindAsync("AAAAAAAAAA"));
        Assert.Null(await store.FindAsync("' OR 1=1; --"));
        Assert.Null(await store.FindAliasAsync(""));
    }

    [StoreContractFact]
    public async Task An_answer_is_found_until_its_lifetime_has_passed()
    {
        var store = CreateStore();
        var key = await store.AddAsync("bees", FullAnswer(), "");

        Time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.FindAsync(key));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await store.FindAsync(key));
    }

    [StoreContractFact]
    public async Task An_alias_stands_for_its_value_until_its_lifetime_has_passed()
    {
        var store = CreateStore();
        var value = new string('x', 300) + "#p1|Why is the sky blue?";

        var key = await store.AddAliasAsync(value);

        Assert.Matches("^[0-9A-Za-z]{10}$", key);
        Assert.Equal(value, await store.FindAliasAsync(key));
        Time.Advance(Lifetime);
        Assert.Null(await store.FindAliasAsync(key));
    }

    [StoreContractFact]
    public async Task An_expired_entry_does_not_stop_new_ones_being_stored_and_found()
    {
        var store = CreateStore();
        var old = await store.AddAsync("bees", FullAnswer("old"), "");
        Time.Advance(Lifetime + TimeSpan.FromMinutes(5));

        var fresh = await store.AddAsync("bees", FullAnswer("new"), "");

        Assert.Null(await store.FindAsync(old));
        Assert.Equal("new", (await store.FindAsync(fresh))?.Answer.Question);
    }
}
