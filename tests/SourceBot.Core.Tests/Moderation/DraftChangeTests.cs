using System.Text;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>Draft changes: each is written atomically and recorded with who, when, what and why; bad input is refused clearly and changes nothing.</summary>
public sealed class DraftChangeTests : IDisposable
{
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task An_edit_changes_only_that_passage_and_is_recorded_with_who_what_and_why_after_a_baseline_version()
    {
        var service = _kb.Service();

        var result = await service.EditPassageAsync(TinyKnowledge.Alice, "bees#p3", "A strong colony can store more than\n\n thirty kilograms of honey.", "new figures");

        Assert.True(result.Succeeded, result.Message);
        var bees = KnowledgeFile.Read(Path.Combine(_kb.KnowledgePath, "bees.md"));
        Assert.Equal("A strong colony can store more than thirty kilograms of honey.", bees.Passages.Single(p => p.Id == "bees#p3").Text);
        Assert.Equal(KnowledgeFile.Parse(SampleSources.Bees, "bees").Passages[0], bees.Passages[0]);
        // The knowledge as it was before the first change is pinned as v1, so the edit is a draft, not live.
        var v1 = Assert.Single((await service.ListVersionsAsync()));
        Assert.Equal(1, v1.Version);
        Assert.Contains("store more than twenty kilograms", File.ReadAllText(Path.Combine(service.Versions.FolderOf(1), "bees.md")));
        var history = (await service.ListHistoryAsync());
        Assert.Equal([ChangeKind.Publish, ChangeKind.EditPassage], history.Select(h => h.Kind));
        var edit = history[^1];
        Assert.Equal(("1001", "alice", "bees#p3", "new figures"), (edit.ById, edit.ByName, edit.Target, edit.Why));
        Assert.Contains("edited bees#p3", edit.What);
        Assert.Contains("store more than twenty kilograms", (await service.LoadLiveKnowledgeAsync()).FindPassage("bees#p3")!.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public async Task An_edit_that_empties_a_passage_is_refused_and_changes_nothing(string text)
    {
        var before = _kb.Read("bees.md");

        var result = await _kb.Service().EditPassageAsync(TinyKnowledge.Alice, "bees#p1", text, null);

        Assert.False(result.Succeeded);
        Assert.Contains("empty", result.Message);
        Assert.Equal(before, _kb.Read("bees.md"));
        Assert.Empty((await _kb.Service().ListHistoryAsync()));
    }

    [Theory]
    [InlineData("bees#p99")]
    [InlineData("nosuch#p1")]
    [InlineData("garbage")]
    public async Task Changing_a_passage_that_does_not_exist_is_a_clear_error(string id)
    {
        var result = await _kb.Service().SetHiddenAsync(TinyKnowledge.Alice, id, true, null);

        Assert.False(result.Succeeded);
        Assert.Contains($"No passage {id}", result.Message);
    }

    [Fact]
    public async Task Hide_and_unhide_keep_the_id_and_are_both_recorded()
    {
        var service = _kb.Service();

        Assert.True((await service.SetHiddenAsync(TinyKnowledge.Bob, "volcanoes#p2", true, "outdated")).Succeeded);
        Assert.Contains("[p2 hidden] Sticky magma", _kb.Read("volcanoes.md"));
        Assert.False((await service.SetHiddenAsync(TinyKnowledge.Bob, "volcanoes#p2", true, null)).Succeeded);
        Assert.True((await service.SetHiddenAsync(TinyKnowledge.Bob, "volcanoes#p2", false, "restored")).Succeeded);

        Assert.Contains("[p2] Sticky magma", _kb.Read("volcanoes.md"));
        Assert.Equal([ChangeKind.HidePassage, ChangeKind.UnhidePassage], (await service.ListHistoryAsync()).Skip(1).Select(h => h.Kind));
    }

    [Fact]
    public async Task Metadata_edit_changes_the_named_fields_and_refuses_an_empty_title()
    {
        var service = _kb.Service();

        var ok = await service.EditMetadataAsync(TinyKnowledge.Alice, "lighthouses", new MetadataEdit(Publisher: "Sea Monthly", Url: "https://example.org/light"), "publisher renamed");
        var empty = await service.EditMetadataAsync(TinyKnowledge.Alice, "lighthouses", new MetadataEdit(Title: " "), null);
        var missing = await service.EditMetadataAsync(TinyKnowledge.Alice, "nosuch", new MetadataEdit(Title: "X"), null);

        Assert.True(ok.Succeeded, ok.Message);
        Assert.Equal("changed publisher, url of lighthouses", ok.Change!.What);
        var m = KnowledgeFile.Read(Path.Combine(_kb.KnowledgePath, "lighthouses.md")).Metadata;
        Assert.Equal(("Keepers of the Light", "Sea Monthly", "https://example.org/light"), (m.Title, m.Publisher, m.Url));
        Assert.False(empty.Succeeded);
        Assert.Contains("title cannot be empty", empty.Message);
        Assert.False(missing.Succeeded);
        Assert.Contains("No source nosuch", missing.Message);
    }

    [Fact]
    public async Task A_failure_between_writing_the_temporary_file_and_the_rename_leaves_the_last_good_file_and_no_history()
    {
        var service = _kb.Service();
        await service.SetHiddenAsync(TinyKnowledge.Alice, "bees#p1", true, null);
        var before = _kb.Read("bees.md");
        var historyBefore = (await service.ListHistoryAsync());
        string? tempSeen = null;
        service.BeforeRename = tmp =>
        {
            tempSeen = tmp;
            Assert.Contains("thirty kilograms", File.ReadAllText(tmp));
            throw new IOException("No space left on device");
        };

        var result = await service.EditPassageAsync(TinyKnowledge.Alice, "bees#p3", "A colony stores thirty kilograms.", null);

        Assert.False(result.Succeeded);
        Assert.Contains("No space left on device", result.Message);
        Assert.Contains("intact", result.Message);
        Assert.Equal(before, _kb.Read("bees.md"));
        Assert.NotNull(tempSeen);
        Assert.False(File.Exists(tempSeen));
        Assert.Equal(historyBefore.ToList(), (await service.ListHistoryAsync()).ToList());
        Assert.Equal(3, KnowledgeDirectory.Load(_kb.KnowledgePath).Sources.Length);
    }

    [Fact]
    public void A_temporary_file_left_by_a_crash_is_ignored_when_loading()
    {
        File.WriteAllText(Path.Combine(_kb.KnowledgePath, "bees.md" + AtomicFile.TempMarker + "0123"), "---\ntitle: half writ");

        var kb = KnowledgeDirectory.Load(_kb.KnowledgePath);

        Assert.Equal(["bees", "lighthouses", "volcanoes"], kb.Sources.Select(s => s.Id));
    }

    [Fact]
    public async Task Add_source_refuses_empty_binary_oversized_and_bodiless_files_and_adds_a_good_one()
    {
        var service = _kb.Service();
        var good = """
            The Secret Life of Moss

            By Ivy Green

            Published 2022-04-04

            Mosses have no roots; they take water and nutrients in through their leaves, which are often a single cell thick.

            Many mosses can dry out completely and revive within hours of rain, a trick that lets them live on bare rock and rooftops.
            """;

        var empty = await service.AddSourceAsync(TinyKnowledge.Alice, "empty.txt", [], null, null);
        var binary = await service.AddSourceAsync(TinyKnowledge.Alice, "photo.jpg", [0xFF, 0xD8, 0xFF, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00], null, null);
        var big = await service.AddSourceAsync(TinyKnowledge.Alice, "big.txt", Encoding.UTF8.GetBytes(new string('a', _kb.Options.MaxSourceBytes + 1)), null, null);
        var bodiless = await service.AddSourceAsync(TinyKnowledge.Alice, "menu.txt", Encoding.UTF8.GetBytes("Home\nAbout\nContact\n"), null, null);
        var added = await service.AddSourceAsync(TinyKnowledge.Alice, "moss.txt", Encoding.UTF8.GetBytes(good), null, "botany request");

        Assert.Contains("empty", empty.Message);
        Assert.Contains("not text", binary.Message);
        Assert.Contains("over the limit", big.Message);
        Assert.False(bodiless.Succeeded);
        Assert.StartsWith("Cannot add 'menu.txt'", bodiless.Message);
        Assert.All(new[] { empty, binary, big, bodiless }, r => Assert.False(r.Succeeded));
        Assert.True(added.Succeeded, added.Message);
        Assert.NotNull(added.ImportReport);
        var moss = KnowledgeDirectory.Load(_kb.KnowledgePath).FindSource("the-secret-life-of-moss");
        Assert.NotNull(moss);
        Assert.Equal(2, moss.Passages.Length);
        Assert.Equal(ChangeKind.AddSource, (await service.ListHistoryAsync())[^1].Kind);
        Assert.Equal("botany request", (await service.ListHistoryAsync())[^1].Why);
    }

    [Fact]
    public async Task Two_moderators_editing_at_once_both_get_their_change_with_nothing_lost()
    {
        var a = _kb.Service();
        var b = _kb.Service();

        var results = await Task.WhenAll(
            Task.Run(() => a.EditPassageAsync(TinyKnowledge.Alice, "bees#p1", "Worker bees collect nectar.", null)),
            Task.Run(() => b.EditPassageAsync(TinyKnowledge.Bob, "bees#p2", "Bees fan the nectar into honey.", null)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        var bees = KnowledgeFile.Read(Path.Combine(_kb.KnowledgePath, "bees.md"));
        Assert.Equal("Worker bees collect nectar.", bees.Passages[0].Text);
        Assert.Equal("Bees fan the nectar into honey.", bees.Passages[1].Text);
        Assert.Equal(3, (await a.ListHistoryAsync()).Length);
    }
}

/// <summary>An unwritable versions folder is a clear failure of publish and rollback, not an exception.</summary>
public sealed class UnwritableVersionsTests : IDisposable
{
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task Publish_and_rollback_report_a_versions_folder_that_cannot_be_created()
    {
        // A file where the versions folder should be: the folder cannot be created, whoever runs the test.
        var blocker = Path.Combine(_kb.Root, "blocker");
        File.WriteAllText(blocker, "");
        _kb.Options.VersionsPath = Path.Combine(blocker, "versions");
        var service = _kb.Service();

        var publish = await service.PublishAsync(TinyKnowledge.Alice, null);
        var rollback = await service.RollbackAsync(TinyKnowledge.Alice, 1, null);
        var edit = await service.SetHiddenAsync(TinyKnowledge.Alice, "bees#p1", true, null);

        Assert.StartsWith("Publish failed, the live version is unchanged: cannot write the versions folder", publish.Message);
        Assert.StartsWith("Rollback failed, the live version is unchanged: cannot write the versions folder", rollback.Message);
        Assert.False(edit.Succeeded);
        Assert.Contains("The last good version of every file is intact", edit.Message);
        Assert.DoesNotContain("[p1 hidden]", _kb.Read("bees.md"));
    }
}
