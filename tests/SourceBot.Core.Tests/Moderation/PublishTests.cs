using System.Collections.Concurrent;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>Publish, rollback, preview and teaching end to end on a tiny knowledge folder, with real training (cached across tests).</summary>
public sealed class PublishTests : IDisposable
{
    private const string HoneyQuestion = "How much honey can a colony store?";
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task Publish_stores_the_draft_as_a_new_version_and_swaps_the_live_engine()
    {
        using var live = _kb.LoadLive();
        var service = _kb.Service(live);
        Assert.Contains("twenty kilograms", live.Ask(HoneyQuestion).Quote);
        await service.EditPassageAsync(TinyKnowledge.Alice, "bees#p3", "A strong colony can store more than thirty kilograms of honey in a good summer.", "new survey");
        Assert.Contains("twenty kilograms", live.Ask(HoneyQuestion).Quote);

        var result = await service.PublishAsync(TinyKnowledge.Bob, "weekly publish");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.Version!.Version);
        Assert.Equal("Published v2: bees#p3 edited.", result.Message);
        Assert.Contains("thirty kilograms", live.Ask(HoneyQuestion).Quote);
        Assert.Equal(KnowledgeDirectory.Load(_kb.KnowledgePath).Hash, result.Version.KnowledgeHash);
        Assert.Equal(result.Version.KnowledgeHash, KnowledgeDirectory.Load(service.Versions.FolderOf(2)).Hash);
        var publish = (await service.ListHistoryAsync())[^1];
        Assert.Equal((ChangeKind.Publish, 2, "bob", "weekly publish"), (publish.Kind, publish.Version, publish.ByName, publish.Why));
        // A new process answers from the published version too.
        using var restarted = _kb.LoadLive();
        Assert.Contains("thirty kilograms", restarted.Ask(HoneyQuestion).Quote);
        // Nothing changed since: nothing to publish, and no new version.
        var again = await service.PublishAsync(TinyKnowledge.Bob, null);
        Assert.True(again.Succeeded);
        Assert.StartsWith("Nothing to publish", again.Message);
        Assert.Equal(2, (await service.ListVersionsAsync()).Length);
    }

    [Fact]
    public async Task A_draft_that_is_not_published_is_not_live_in_a_new_process()
    {
        await _kb.Service().EditPassageAsync(TinyKnowledge.Alice, "bees#p3", "A strong colony can store more than thirty kilograms of honey in a good summer.", null);

        using var live = _kb.LoadLive();

        Assert.Contains("twenty kilograms", live.Ask(HoneyQuestion).Quote);
    }

    [Fact]
    public async Task A_bad_file_in_the_draft_fails_the_publish_says_why_and_leaves_the_old_version_live()
    {
        using var live = _kb.LoadLive();
        var service = _kb.Service(live);
        await service.SetHiddenAsync(TinyKnowledge.Alice, "lighthouses#p1", true, null);
        var before = live.Snapshot;
        File.WriteAllText(Path.Combine(_kb.KnowledgePath, "broken.md"), "no front matter here\n");

        var result = await service.PublishAsync(TinyKnowledge.Alice, null);

        Assert.False(result.Succeeded);
        Assert.Contains("v1 stays live", result.Message);
        Assert.Contains("broken.md", result.Message);
        Assert.Same(before, live.Snapshot);
        Assert.Single((await service.ListVersionsAsync()));
        Assert.True(live.Ask(HoneyQuestion).Answered);
    }

    [Fact]
    public async Task A_training_failure_fails_the_publish_and_leaves_the_old_version_live()
    {
        using var live = _kb.LoadLive();
        var service = _kb.Service(live);
        await service.SetHiddenAsync(TinyKnowledge.Alice, "lighthouses#p1", true, null);
        var before = live.Snapshot;
        service.SnapshotBuilder = (_, _) => throw new InvalidOperationException("simulated trainer crash");

        var result = await service.PublishAsync(TinyKnowledge.Alice, null);

        Assert.False(result.Succeeded);
        Assert.Equal("Publish failed, v1 stays live: training the models failed (simulated trainer crash).", result.Message);
        Assert.Same(before, live.Snapshot);
        Assert.Single((await service.ListVersionsAsync()));
        Assert.DoesNotContain((await service.ListHistoryAsync()), h => h.Version == 2);
    }

    [Fact]
    public async Task Two_publishes_at_once_one_wins_and_the_other_is_told_who_is_publishing()
    {
        var first = _kb.Service();
        var second = _kb.Service();
        await first.SetHiddenAsync(TinyKnowledge.Alice, "lighthouses#p1", true, null);
        var training = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        first.SnapshotBuilder = (knowledge, ct) =>
        {
            training.SetResult();
            release.Task.Wait(ct);
            return _kb.Engines.Build(knowledge, cancellationToken: ct);
        };

        var winner = first.PublishAsync(TinyKnowledge.Alice, null);
        await training.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var loser = await second.PublishAsync(TinyKnowledge.Bob, null);
        release.SetResult();
        var won = await winner;

        Assert.False(loser.Succeeded);
        Assert.StartsWith("Another publish is in progress by alice (publish) since ", loser.Message);
        Assert.True(won.Succeeded, won.Message);
        Assert.Equal(2, won.Version!.Version);
        Assert.Equal([1, 2], (await first.ListVersionsAsync()).Select(v => v.Version));
    }

    [Fact]
    public async Task Rollback_returns_to_an_earlier_version_in_one_step_as_a_new_version_and_restores_the_draft()
    {
        using var live = _kb.LoadLive();
        var service = _kb.Service(live);
        var original = _kb.Read("bees.md");
        await service.EditPassageAsync(TinyKnowledge.Alice, "bees#p3", "A strong colony can store more than thirty kilograms of honey in a good summer.", null);
        await service.PublishAsync(TinyKnowledge.Alice, null);
        Assert.Contains("thirty", live.Ask(HoneyQuestion).Quote);

        var result = await service.RollbackAsync(TinyKnowledge.Bob, 1, "the survey was wrong");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(3, result.Version!.Version);
        Assert.Equal(1, result.Version.RolledBackTo);
        Assert.Contains("twenty kilograms", live.Ask(HoneyQuestion).Quote);
        Assert.Equal(original, _kb.Read("bees.md"));
        Assert.Equal((await service.ListVersionsAsync())[0].KnowledgeHash, KnowledgeDirectory.Load(_kb.KnowledgePath).Hash);
        var rollback = (await service.ListHistoryAsync())[^1];
        Assert.Equal((ChangeKind.Rollback, "v1", 3, "the survey was wrong"), (rollback.Kind, rollback.Target, rollback.Version, rollback.Why));
        // The draft as it was before the rollback is kept.
        var kept = Assert.Single(Directory.GetDirectories(Path.Combine(service.Versions.Root, "drafts")));
        Assert.Contains("thirty kilograms", File.ReadAllText(Path.Combine(kept, "bees.md")));

        var missing = await service.RollbackAsync(TinyKnowledge.Bob, 9, null);
        Assert.False(missing.Succeeded);
        Assert.Equal("No published version v9; the versions are v1 to v3.", missing.Message);
    }

    [Fact]
    public async Task Questions_asked_while_a_publish_swaps_the_engine_never_fail_and_never_mix_versions()
    {
        using var live = _kb.LoadLive();
        var service = _kb.Service(live);
        const string newText = "Inside the hive, bees chew the nectar and spread it over the comb so the water evaporates. The thick result is honey.";
        await service.EditPassageAsync(TinyKnowledge.Alice, "bees#p2", newText, null);
        await service.EditMetadataAsync(TinyKnowledge.Alice, "bees", new MetadataEdit(Title: "How Bees Make Honey, revised"), null);
        var oldKb = KnowledgeDirectory.Load(service.Versions.FolderOf(1));
        var answers = new ConcurrentBag<Answer>();
        var errors = new ConcurrentBag<Exception>();
        using var stop = new CancellationTokenSource();
        string[] questions = ["How do bees turn nectar into honey?", "What happens to the water in nectar?", HoneyQuestion, "Why do volcanoes explode?"];

        var askers = Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
        {
            int n = i;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    answers.Add(await live.AskAsync(questions[n++ % questions.Length]));
                }
                catch (Exception ex)
                {
                    errors.Add(ex);
                }
            }
        })).ToList();
        var published = await service.PublishAsync(TinyKnowledge.Alice, null);
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(askers);

        Assert.True(published.Succeeded, published.Message);
        Assert.Empty(errors);
        var newKb = KnowledgeDirectory.Load(_kb.KnowledgePath);
        bool sawOld = false, sawNew = false;
        foreach (var a in answers.Where(a => a.Answered))
        {
            var inOld = oldKb.FindPassage(a.PassageId!)?.Text == a.PassageText && oldKb.FindSource(a.SourceId!)!.Metadata.Title == a.Citation!.Title;
            var inNew = newKb.FindPassage(a.PassageId!)?.Text == a.PassageText && newKb.FindSource(a.SourceId!)!.Metadata.Title == a.Citation!.Title;
            Assert.True(inOld || inNew, $"answer mixes versions: {a.PassageId} / {a.Citation!.Title}");
            Assert.Contains(a.Quote!, a.PassageText);
            if (a.SourceId == "bees") { sawOld |= inOld && !inNew; sawNew |= inNew && !inOld; }
        }
        Assert.True(sawOld, "no answer came from the old version");
        Assert.True(sawNew, "no answer came from the new version");
    }

    [Fact]
    public async Task A_taught_question_changes_the_answer_to_that_question_after_publish_and_not_before()
    {
        using var live = _kb.LoadLive();
        var service = _kb.Service(live);
        const string question = "What do beekeepers leave in the hive?";
        var before = live.Ask(question);
        var target = KnowledgeService.TeachCandidates(live, question).Select(c => c.PassageId).First(id => id != before.PassageId);
        const string offTopic = "Who keeps the bees warm in a lighthouse?";

        Assert.True((await service.TeachAsync(TinyKnowledge.Alice, question, target, "reader 👎")).Succeeded);
        Assert.True((await service.TeachAsync(TinyKnowledge.Alice, offTopic, null, null)).Succeeded);
        Assert.Equal(before.PassageId, live.Ask(question).PassageId);

        var published = await service.PublishAsync(TinyKnowledge.Alice, null);

        Assert.True(published.Succeeded, published.Message);
        var after = live.Ask(question);
        Assert.Equal(target, after.PassageId);
        Assert.Contains("a moderator taught", after.Reason);
        Assert.Equal(target, live.Ask("what do beekeepers leave in the hive").PassageId);
        var refused = live.Ask(offTopic);
        Assert.False(refused.Answered);
        Assert.Contains("marked this question as not covered", refused.Reason);
        Assert.All((await service.ListTaughtAsync()), t => Assert.True(t.Published));
    }

    [Fact]
    public async Task Preview_lists_exactly_the_questions_whose_answer_changes()
    {
        using var live = _kb.LoadLive();
        var service = _kb.Service(live);
        await _kb.QuestionLog.RecordAsync(live.Ask("When was the Fresnel lens invented?"), "discord", "42");
        await service.EditPassageAsync(TinyKnowledge.Alice, "volcanoes#p3",
            "Scientists forecast eruptions by listening for tremors with seismometers placed around the crater.", "clearer");
        await service.TeachAsync(TinyKnowledge.Alice, "How do bees make wax cells?", "bees#p2", null);
        string[] file = ["How do scientists forecast eruptions?", "Why do volcanoes explode?", "Who trimmed the lamp wicks?", "Tell me about football"];

        var report = await service.PreviewAsync(file);

        Assert.True(report.Succeeded, report.Message);
        Assert.Equal(1 + 1 + file.Length, report.QuestionCount);
        Assert.Contains("volcanoes#p3 edited", report.DraftChanges);
        using var draft = new AnswerEngine(_kb.Engines.Build(KnowledgeDirectory.Load(_kb.KnowledgePath)), _kb.EngineOptions);
        var expected = new[] { "How do bees make wax cells?", "When was the Fresnel lens invented?" }.Concat(file)
            .Where(q => (live.Ask(q).Outcome, live.Ask(q).PassageId, live.Ask(q).Quote) != (draft.Ask(q).Outcome, draft.Ask(q).PassageId, draft.Ask(q).Quote))
            .Order().ToList();
        Assert.Equal(expected, report.Changes.Select(c => c.Question).Order().ToList());
        Assert.Contains("How do scientists forecast eruptions?", expected);
        Assert.DoesNotContain("Tell me about football", expected);
        var changed = report.Changes.Single(c => c.Question == "How do scientists forecast eruptions?");
        Assert.Equal("file", changed.Origin);
        Assert.Contains("seismometers", changed.Draft.Quote);
        Assert.Contains("1 taught, 1 from the log, 4 from the file", report.Message);
        // A preview changes nothing.
        Assert.Equal(1, service.Versions.Latest()!.Version);
        Assert.Contains("sulfur gas", live.Ask("How do scientists forecast eruptions?").PassageText);
    }
}

/// <summary>A running bot follows versions published by another process.</summary>
public sealed class LiveVersionFollowerTests : IDisposable
{
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    private LibraryHub Bot()
    {
        var libraries = new LibrariesOptions { Path = Path.Combine(_kb.Root, "libraries") };
        return new LibraryHub(new FileLibraryCatalog(libraries.Path, _kb.KnowledgePath, _kb.Options.VersionsPath), _kb.Engines, _kb.Options, libraries);
    }

    [Fact]
    public async Task A_version_published_by_another_process_is_answered_from_after_a_check_and_an_unchanged_one_is_left_alone()
    {
        using var bot = Bot();
        await bot.LoadDefaultAsync();
        var follower = new LiveVersionFollower(bot, _kb.Options);
        var answers = await bot.AnswersAsync(LibraryId.Default);
        Assert.False(await bot.RefreshAsync(LibraryId.Default));
        var cli = _kb.Service();
        await cli.EditPassageAsync(TinyKnowledge.Alice, "lighthouses#p2", "The Fresnel lens, invented in 1822, throws a beam visible forty kilometres away.", null);
        Assert.True((await cli.PublishAsync(TinyKnowledge.Alice, null)).Succeeded);
        Assert.DoesNotContain("forty kilometres", (await answers.AskAsync("How far away can the Fresnel lens beam be seen?")).Quote);

        await follower.TryCheckAsync(LibraryId.Default, default);

        Assert.Contains("forty kilometres", (await answers.AskAsync("How far away can the Fresnel lens beam be seen?")).Quote);
        Assert.False(await bot.RefreshAsync(LibraryId.Default));
    }

    [Fact]
    public async Task A_check_of_all_libraries_brings_each_open_one_onto_its_latest_version()
    {
        using var bot = Bot();
        await bot.LoadDefaultAsync();
        await bot.CreateAsync(TinyKnowledge.Alice, "copy", LibraryId.Default, serverId: null);
        var copy = await bot.AnswersAsync("copy");
        Assert.NotNull(copy.GetPassage("bees#p2")); // loaded
        using var cli = Bot();
        var other = await cli.ServiceAsync("copy");
        Assert.True((await other.SetHiddenAsync(TinyKnowledge.Alice, "bees#p2", true, null)).Succeeded);
        Assert.True((await other.PublishAsync(TinyKnowledge.Alice, null)).Succeeded);
        Assert.NotNull(copy.GetPassage("bees#p2"));

        await new LiveVersionFollower(bot, _kb.Options).TryCheckAllAsync(default);

        Assert.Null(copy.GetPassage("bees#p2"));
    }
}
