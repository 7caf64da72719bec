using SourceBot.Core.Answers;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Core.Tests.Moderation;

namespace SourceBot.Core.Tests.Libraries;

/// <summary>Libraries per server: created empty or as a copy, chosen per server, answered and moderated apart from each other.</summary>
public sealed class LibraryHubTests : IDisposable
{
    private const string ServerA = "111111111111111111";
    private const string ServerB = "222222222222222222";
    private readonly TinyKnowledge _kb = new();
    private readonly LibrariesOptions _options;

    public LibraryHubTests()
    {
        _options = new LibrariesOptions { Path = Path.Combine(_kb.Root, "libraries") };
    }

    private LibraryHub Hub(LibrariesOptions? options = null) => new(
        new FileLibraryCatalog((options ?? _options).Path, _kb.KnowledgePath, _kb.Options.VersionsPath),
        _kb.Engines, _kb.Options, options ?? _options, id => id == LibraryId.Default ? _kb.QuestionLog : null);

    [Fact]
    public async Task A_server_without_a_library_of_its_own_uses_the_default_one()
    {
        Assert.Equal(LibraryId.Default, await Hub().LibraryOfServerAsync(ServerA));
        Assert.Equal(LibraryId.Default, await Hub().LibraryOfServerAsync(null));
    }

    [Fact]
    public async Task Creating_a_library_for_a_server_makes_that_server_and_only_it_use_the_library()
    {
        var hub = Hub();
        var result = await hub.CreateAsync(TinyKnowledge.Alice, "bio-101", copyFrom: null, ServerA);

        Assert.Equal(LibraryOutcome.Created, result.Outcome);
        Assert.Equal("bio-101", await hub.LibraryOfServerAsync(ServerA));
        Assert.Equal(LibraryId.Default, await hub.LibraryOfServerAsync(ServerB));
        Assert.Equal("bio-101", await Hub().LibraryOfServerAsync(ServerA)); // kept across restarts
    }

    [Fact]
    public async Task A_vote_in_a_server_with_its_own_library_is_kept_with_that_library_and_not_the_default_one()
    {
        var feedbackPath = Path.Combine(_kb.Root, "feedback.db");
        var hub = new LibraryHub(new FileLibraryCatalog(_options.Path, _kb.KnowledgePath, _kb.Options.VersionsPath), _kb.Engines, _kb.Options, _options,
            feedbackOf: id => new Feedback.SqliteFeedbackStore(feedbackPath, id));
        await hub.CreateAsync(TinyKnowledge.Alice, "bees-copy", LibraryId.Default, ServerA);

        var store = await ((ILibraryFeedback)hub).ForLibraryAsync(await hub.LibraryOfServerAsync(ServerA));
        await store!.RecordAsync("How do bees make wax?", "bees#p2", "1001", Feedback.FeedbackVote.Down);

        using var copyVotes = new Feedback.SqliteFeedbackStore(feedbackPath, "bees-copy");
        using var defaultVotes = new Feedback.SqliteFeedbackStore(feedbackPath, LibraryId.Default);
        Assert.Single(await copyVotes.ListAsync());
        Assert.Empty(await defaultVotes.ListAsync());
        Assert.Same(store, await ((ILibraryFeedback)hub).ForLibraryAsync("bees-copy"));
    }

    [Fact]
    public async Task An_empty_library_says_it_has_no_sources_instead_of_answering_from_the_default_one()
    {
        var hub = Hub();
        await hub.CreateAsync(TinyKnowledge.Alice, "empty-one", null, ServerA);

        var answer = await (await hub.AnswersForServerAsync(ServerA)).AskAsync("How much honey can a colony store?");

        Assert.Equal(AnswerOutcome.NotCovered, answer.Outcome);
        Assert.Contains("'empty-one' has no published sources yet", answer.Reason);
    }

    [Fact]
    public async Task A_copy_answers_like_the_library_it_copies_and_a_change_in_it_leaves_the_original_alone()
    {
        var hub = Hub();
        await hub.CreateAsync(TinyKnowledge.Alice, "bees-copy", LibraryId.Default, ServerA);
        var moderation = await hub.ModerationAsync("bees-copy");

        var hidden = await moderation.SetHiddenAsync(TinyKnowledge.Alice, "bees#p2", true, "only in the copy", default);
        var published = await moderation.PublishAsync(TinyKnowledge.Alice, null, default);

        Assert.True(hidden.Succeeded, hidden.Message);
        Assert.True(published.Succeeded, published.Message);
        Assert.Contains("[p2 hidden]", File.ReadAllText(Path.Combine(_options.Path, "bees-copy", "knowledge", "bees.md")));
        Assert.DoesNotContain("[p2 hidden]", _kb.Read("bees.md"));
        Assert.Empty(await _kb.Service().ListHistoryAsync());
    }

    [Fact]
    public async Task A_publish_in_a_created_library_is_what_its_server_answers_from_next()
    {
        var hub = Hub();
        await hub.CreateAsync(TinyKnowledge.Alice, "bees-copy", LibraryId.Default, ServerA);
        Assert.NotNull((await hub.AnswersForServerAsync(ServerA)).GetPassage("bees#p2"));
        var moderation = await hub.ModerationAsync("bees-copy");

        await moderation.SetHiddenAsync(TinyKnowledge.Alice, "bees#p2", true, null, default);
        var published = await moderation.PublishAsync(TinyKnowledge.Alice, null, default);

        Assert.Equal(PublishOutcome.Published, published.Outcome);
        Assert.Null((await hub.AnswersForServerAsync(ServerA)).GetPassage("bees#p2"));
        Assert.NotNull((await hub.AnswersForServerAsync(ServerB)).GetPassage("bees#p2"));
    }

    [Fact]
    public async Task The_operators_server_map_takes_precedence_over_a_servers_own_choice()
    {
        var options = new LibrariesOptions { Path = _options.Path, Servers = { [ServerA] = "course" } };
        await Hub(options).CreateAsync(TinyKnowledge.Alice, "mine", null, ServerA);

        Assert.Equal("course", await Hub(options).LibraryOfServerAsync(ServerA));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("Has Space")]
    [InlineData("9starts-with-digit")]
    [InlineData("this-id-is-far-too-long-to-be-a-library-id")]
    public async Task A_bad_library_id_is_refused_and_nothing_is_created(string id)
    {
        var hub = Hub();
        var result = await hub.CreateAsync(TinyKnowledge.Alice, id, null, ServerA);

        Assert.Equal(LibraryOutcome.InvalidId, result.Outcome);
        Assert.Single(await hub.ListAsync());
        Assert.Equal(LibraryId.Default, await hub.LibraryOfServerAsync(ServerA));
    }

    [Fact]
    public async Task A_taken_id_and_the_default_id_are_refused()
    {
        var hub = Hub();
        await hub.CreateAsync(TinyKnowledge.Alice, "taken", null, null);

        Assert.Equal(LibraryOutcome.AlreadyExists, (await hub.CreateAsync(TinyKnowledge.Bob, "taken", null, ServerB)).Outcome);
        Assert.Equal(LibraryOutcome.AlreadyExists, (await hub.CreateAsync(TinyKnowledge.Bob, LibraryId.Default, null, ServerB)).Outcome);
        Assert.Equal(LibraryId.Default, await hub.LibraryOfServerAsync(ServerB));
    }

    [Fact]
    public async Task Libraries_beyond_the_limit_are_refused()
    {
        _kb.Options.Limits.MaxLibraries = 2;
        var hub = Hub();

        Assert.Equal(LibraryOutcome.Created, (await hub.CreateAsync(TinyKnowledge.Alice, "first", null, null)).Outcome);
        var second = await hub.CreateAsync(TinyKnowledge.Alice, "second", null, null);

        Assert.Equal(LibraryOutcome.TooManyLibraries, second.Outcome);
        Assert.Equal(2, (await hub.ListAsync()).Length);
    }

    [Fact]
    public async Task Using_an_unknown_library_is_refused()
    {
        var result = await Hub().UseAsync(TinyKnowledge.Alice, "nowhere", ServerA);

        Assert.Equal(LibraryOutcome.UnknownLibrary, result.Outcome);
    }

    public void Dispose() => _kb.Dispose();
}
