namespace SourceBot.Tests.EndToEnd;

/// <summary>PostgreSQL restarted while questions keep coming on both shards: every question is still answered.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PostgresRestartTests(TwoBotProcesses bots)
{
    private static readonly string[] Questions =
    [
        "How do bees make honey?", "Why do volcanoes erupt?", "What did lighthouse keepers do every night?",
        "How much honey can a strong colony store?", "How do scientists forecast eruptions?", "Who invented the Fresnel lens?",
    ];

    [PostgresRestartFact]
    public async Task A_database_restart_during_traffic_on_both_shards_leaves_no_question_unanswered()
    {
        var ids = new List<string>();
        async Task AskAsync()
        {
            var id = "restart-" + ids.Count;
            await bots.Shard(ids.Count % 2).InteractAsync(InteractionPayloads.Ask(id, Questions[ids.Count % Questions.Length]));
            ids.Add(id);
        }

        for (int i = 0; i < 10; i++) await AskAsync();
        var restart = PostgresCluster.RestartAsync();
        while (!restart.IsCompleted)
        {
            await AskAsync();
            await Task.Delay(20); // traffic pacing: a question every 20 ms or so while the server restarts
        }
        await restart;
        for (int i = 0; i < 10; i++) await AskAsync();

        foreach (var id in ids)
        {
            var edit = await bots.WaitForEditAsync(id, TimeSpan.FromMinutes(1));
            Assert.True(TwoBotProcesses.IsAnswer(edit), $"{id} got no answer but: {edit.Body}");
            Assert.Single(bots.CallbacksOf(id));
            Assert.Single(bots.Fake.Requests, r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath(id));
        }
    }
}
