using SourceBot.Core.Tests.Storage.Postgres;

namespace SourceBot.Tests.EndToEnd;

/// <summary>A bot process killed (SIGKILL) in the middle of a publish: nothing is lost, nothing half-made stays, the other answers on.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProcessKillTests : IAsyncLifetime
{
    private readonly TwoBotProcesses _bots = new(); // its own pair: this test kills one

    public Task InitializeAsync() => _bots.InitializeAsync();

    public Task DisposeAsync() => _bots.DisposeAsync();

    [PostgresFact]
    public async Task Killing_a_process_during_a_publish_keeps_the_draft_edit_leaves_no_half_version_and_the_other_keeps_answering()
    {
        // v1 is published (so the draft can differ from what is live), then one more passage is hidden in the draft.
        await _bots.Shard(1).InteractAsync(InteractionPayloads.Ask("published-before", "Why do volcanoes erupt?"));
        await _bots.Shard(1).InteractAsync(InteractionPayloads.Ask("hidden-before", "How do bees make honey?"));
        var published = TwoBotProcesses.PassageOf(await _bots.WaitForAnswerAsync("published-before"))!;
        var hidden = TwoBotProcesses.PassageOf(await _bots.WaitForAnswerAsync("hidden-before"))!;
        await KbAsync("hide-published", "hide", ("passage", published), ("reason", "end-to-end test"));
        await KbAsync("publish-v1", "publish", ("reason", "end-to-end test"));
        await KbAsync("hide-before-kill", "hide", ("passage", hidden), ("reason", "end-to-end test"));
        var versionsBefore = await _bots.Database.ScalarAsync("SELECT count(*) FROM versions;");

        // The publish is deferred first, then trains: kill A as soon as the deferral is out.
        await _bots.Shard(0).InteractAsync(InteractionPayloads.Kb("publish-killed", "publish", ("reason", "end-to-end test")));
        await _bots.Fake.WaitForRequestAsync(r => r.Path == InteractionPayloads.CallbackPath("publish-killed"));
        await _bots.A.KillAsync();
        Assert.DoesNotContain(_bots.Fake.Requests, r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath("publish-killed")); // killed mid-publish

        Assert.Equal(versionsBefore, await _bots.Database.ScalarAsync("SELECT count(*) FROM versions;"));
        Assert.Equal(0L, await _bots.Database.ScalarAsync(
            "SELECT count(*) FROM versions v WHERE NOT EXISTS (SELECT 1 FROM version_files f WHERE f.library_id = v.library_id AND f.version = v.version);"));
        var status = await _bots.RunCliAsync("kb", "status");
        Assert.True(status.ExitCode == 0, status.Errors);
        Assert.True(status.Output.Contains("Draft: 1 unpublished changes:", StringComparison.Ordinal) && status.Output.Contains(hidden, StringComparison.Ordinal),
            $"the draft should still hide {hidden}; kb status says:\n{status.Output}");

        await _bots.Shard(1).InteractAsync(InteractionPayloads.Ask("after-kill", "What did lighthouse keepers do every night?"));
        Assert.Same(_bots.B, _bots.ProcessOf(await _bots.WaitForAnswerAsync("after-kill")));
    }

    /// <summary>A /kb command through process A, waited for to its end (the edit of its deferred response).</summary>
    private async Task KbAsync(string id, string subcommand, params (string Name, string Value)[] options)
    {
        await _bots.Shard(0).InteractAsync(InteractionPayloads.Kb(id, subcommand, options));
        await _bots.Fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath(id), TimeSpan.FromMinutes(2));
    }
}
