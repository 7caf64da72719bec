using Microsoft.Extensions.Logging;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Tests.Moderation;

/// <summary>
/// What the next start does after a process stopped in the middle of a publish, on real files: a version stored without its
/// history entry is recorded as recovered, leftovers of unfinished writes are removed, and a publish still running elsewhere
/// is left alone.
/// </summary>
public sealed class PublishRecoveryTests : IDisposable
{
    private const string ThirtyKilograms = "A strong colony can store more than thirty kilograms of honey in a good summer.";
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    private string VersionsPath => _kb.Options.VersionsPath;

    /// <summary>Publishes an edited draft and stops the process (an exception nothing catches) after the version is stored and before its history entry.</summary>
    private async Task<KnowledgeService> PublishStoppedBeforeHistoryAsync()
    {
        var service = _kb.Service();
        await service.EditPassageAsync(TinyKnowledge.Alice, "bees#p3", ThirtyKilograms, "new survey");
        service.AfterVersionStored = _ => throw new ProcessStopped();
        await Assert.ThrowsAsync<ProcessStopped>(() => service.PublishAsync(TinyKnowledge.Bob, "weekly publish"));
        Assert.Equal(2, service.Versions.Latest()!.Version);
        Assert.DoesNotContain((await service.ListHistoryAsync()), c => c.Version == 2);
        return service;
    }

    [Fact]
    public async Task A_version_stored_without_its_history_entry_is_in_history_as_recovered_at_the_next_start()
    {
        await PublishStoppedBeforeHistoryAsync();

        var restarted = _kb.Service();

        var recovered = (await restarted.ListHistoryAsync())[^1];
        Assert.Equal((ChangeKind.Recovered, 2, "bob", "draft", "weekly publish"), (recovered.Kind, recovered.Version, recovered.ByName, recovered.Target, recovered.Why));
        Assert.Equal(restarted.Versions.Find(2)!.KnowledgeHash, recovered.KnowledgeHash);
        Assert.StartsWith("bees#p3 edited (history entry recovered on ", recovered.What);
        Assert.Contains(" recovered  draft -> v2: bees#p3 edited", recovered.Format());
        Assert.Equal(2, restarted.Versions.Latest()!.Version);
    }

    [Fact]
    public async Task A_recovered_version_is_recorded_once_however_often_the_knowledge_is_opened()
    {
        await PublishStoppedBeforeHistoryAsync();

        _ = _kb.Service();
        var history = (await _kb.Service().ListHistoryAsync());

        Assert.Single(history, c => c.Version == 2);
    }

    [Fact]
    public async Task Recovering_a_version_is_a_warning_in_the_log_with_the_version_and_the_kind_as_fields()
    {
        await PublishStoppedBeforeHistoryAsync();
        var logger = new RecordingLogger<KnowledgeService>();

        _ = new KnowledgeService(_kb.Engines, _kb.Options, logger);

        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(2, warning.Fields["Version"]);
        Assert.Equal("recovered", warning.Fields["ChangeKind"]);
        Assert.Equal("bob", warning.Fields["PublishedBy"]);
    }

    [Fact]
    public async Task Temporary_folders_and_files_left_by_unfinished_writes_are_removed_at_start_and_nothing_else()
    {
        var service = _kb.Service();
        await service.SetHiddenAsync(TinyKnowledge.Alice, "lighthouses#p1", true, null);
        var unfinishedVersion = Directory.CreateDirectory(service.Versions.TemporaryFolder(VersionStore.FolderName(2))).FullName;
        File.WriteAllText(Path.Combine(unfinishedVersion, "bees.md"), _kb.Read("bees.md"));
        var stage = Directory.CreateDirectory(service.Versions.TemporaryFolder("stage")).FullName;
        File.WriteAllText(Path.Combine(stage, "bees.md"), _kb.Read("bees.md"));
        var halfWritten = Path.Combine(_kb.KnowledgePath, "bees.md" + AtomicFile.TempMarker + Guid.NewGuid().ToString("N"));
        File.WriteAllText(halfWritten, "---\ntitle: half writ");
        var bees = _kb.Read("bees.md");
        var history = (await service.ListHistoryAsync());

        var restarted = _kb.Service();

        Assert.False(Directory.Exists(unfinishedVersion));
        Assert.False(Directory.Exists(stage));
        Assert.False(File.Exists(halfWritten));
        Assert.Equal(bees, _kb.Read("bees.md"));
        Assert.Equal([1], (await restarted.ListVersionsAsync()).Select(v => v.Version));
        Assert.Equal(history.ToList(), (await restarted.ListHistoryAsync()).ToList());
    }

    [Fact]
    public async Task Opening_the_knowledge_while_another_process_publishes_leaves_that_publish_alone()
    {
        var service = _kb.Service();
        await service.SetHiddenAsync(TinyKnowledge.Alice, "lighthouses#p1", true, null);
        var stage = Directory.CreateDirectory(service.Versions.TemporaryFolder("stage")).FullName;
        service.Versions.Create(_kb.KnowledgePath, new VersionManifest(2, DateTimeOffset.UtcNow, "1002", "bob", "lighthouses#p1 hidden", null, KnowledgeDirectory.Load(_kb.KnowledgePath).Hash));
        using var publishing = FileLock.TryAcquire(Path.Combine(VersionsPath, "publish.lock"), "bob (publish)", DateTimeOffset.UtcNow, out _);
        Assert.NotNull(publishing);

        var opened = _kb.Service();

        Assert.True(Directory.Exists(stage));
        Assert.DoesNotContain((await opened.ListHistoryAsync()), c => c.Version == 2);
    }

    [Fact]
    public async Task A_publish_whose_history_entry_cannot_be_written_fails_and_its_version_is_taken_back()
    {
        var service = _kb.Service();
        await service.EditPassageAsync(TinyKnowledge.Alice, "bees#p3", ThirtyKilograms, null);
        // A folder where the history file should be: appending to it fails like an unwritable file does.
        File.Delete(service.History.Path);
        Directory.CreateDirectory(service.History.Path);

        var result = await service.PublishAsync(TinyKnowledge.Bob, null);

        Assert.False(result.Succeeded);
        Assert.StartsWith("Publish failed, v1 stays live: the history could not be written (", result.Message);
        Assert.Equal([1], (await service.ListVersionsAsync()).Select(v => v.Version));
        Assert.False(Directory.Exists(service.Versions.FolderOf(2)));
        Assert.Empty(Directory.GetFileSystemEntries(VersionsPath, ".tmp-*"));
    }

    private sealed class ProcessStopped : Exception;
}
