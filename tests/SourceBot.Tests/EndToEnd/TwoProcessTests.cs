using SourceBot.Core.Tests.Storage.Postgres;

namespace SourceBot.Tests.EndToEnd;

/// <summary>
/// Two bot processes, one shard each, on one PostgreSQL database: each question is answered once, by the process that runs
/// its shard; an answer's buttons work in the other process; a publish in one reaches the other.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TwoProcessTests(TwoBotProcesses bots)
{
    [PostgresFact]
    public async Task A_question_on_each_shard_is_answered_exactly_once_by_the_process_running_that_shard()
    {
        await bots.Shard(0).InteractAsync(InteractionPayloads.Ask("once-0", "How do bees make honey?"));
        await bots.Shard(1).InteractAsync(InteractionPayloads.Ask("once-1", "Why do volcanoes erupt?"));

        var answers = new[] { await bots.WaitForAnswerAsync("once-0"), await bots.WaitForAnswerAsync("once-1") };

        foreach (var (id, shard, answer) in new[] { ("once-0", 0, answers[0]), ("once-1", 1, answers[1]) })
        {
            var owner = bots.Shard(shard).Process;
            var callback = Assert.Single(bots.CallbacksOf(id));
            Assert.Same(owner, bots.ProcessOf(callback));
            Assert.Same(owner, bots.ProcessOf(answer));
            Assert.Single(bots.Fake.Requests, r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath(id));
        }
    }

    [PostgresFact]
    public async Task A_vote_pressed_on_the_other_shard_finds_the_answer_the_first_process_posted()
    {
        await bots.Shard(0).InteractAsync(InteractionPayloads.Ask("posted-by-a", "What did lighthouse keepers do every night?"));
        var answer = await bots.WaitForAnswerAsync("posted-by-a");
        Assert.Same(bots.A, bots.ProcessOf(answer));

        // The same message's 👍, pressed by someone else, arrives on shard 1: process B has never seen this answer.
        await bots.Shard(1).InteractAsync(InteractionPayloads.Press("vote-on-b", TwoBotProcesses.ButtonOf(answer, "sb:up:")!, "c-posted-by-a", "u-voter"));

        // B reads the answer from PostgreSQL: when that read has not finished at once it defers privately first and edits the
        // thanks in, else it thanks privately in its first response. Either way B answers, privately.
        var first = await bots.Fake.WaitForRequestAsync(r => r.Path == InteractionPayloads.CallbackPath("vote-on-b"));
        Assert.Same(bots.B, bots.ProcessOf(first));
        Assert.Equal(64, first.Json.GetProperty("data").GetProperty("flags").GetInt32());
        var type = first.Json.GetProperty("type").GetInt32();
        Assert.Contains(type, new[] { 4, 5 });
        var thanks = first.Json.GetProperty("data");
        if (type == 5)
        {
            var reply = await bots.WaitForEditAsync("vote-on-b", TimeSpan.FromSeconds(30));
            Assert.Same(bots.B, bots.ProcessOf(reply));
            thanks = reply.Json;
        }
        Assert.Equal("Thanks! Recorded 👍 for this answer.", thanks.GetProperty("content").GetString());
    }

    [PostgresFact]
    public async Task A_publish_in_one_process_is_answered_from_by_the_other_within_ten_seconds()
    {
        const string question = "How far away can the beam of a Fresnel lens be seen?";
        await bots.Shard(1).InteractAsync(InteractionPayloads.Ask("before-publish", question));
        var hidden = TwoBotProcesses.PassageOf(await bots.WaitForAnswerAsync("before-publish"))!;

        // A moderator hides the passage B quotes and publishes, both through process A.
        await bots.Shard(0).InteractAsync(InteractionPayloads.Kb("hide-in-a", "hide", ("passage", hidden), ("reason", "end-to-end test")));
        await bots.Fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath("hide-in-a"), TimeSpan.FromSeconds(30));
        await bots.Shard(0).InteractAsync(InteractionPayloads.Kb("publish-in-a", "publish", ("reason", "end-to-end test")));
        var published = await bots.Fake.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path == InteractionPayloads.OriginalPath("publish-in-a"), TimeSpan.FromMinutes(2));
        var result = published.Json.GetProperty("embeds")[0];
        Assert.Equal("Published", result.GetProperty("title").GetString());
        var version = System.Text.RegularExpressions.Regex.Match(result.GetProperty("description").GetString() ?? "", @"\bv(\d+)\b").Groups[1].Value;

        await bots.B.WaitForLineAsync($"from published version v{version}", TimeSpan.FromSeconds(10));
        // B has a model cache of its own: it loaded the models A trained from the database instead of training them again.
        Assert.Contains("that another process trained", bots.B.Log);
        await bots.Shard(1).InteractAsync(InteractionPayloads.Ask("after-publish", question));
        Assert.NotEqual(hidden, TwoBotProcesses.PassageOf(await bots.WaitForAnswerAsync("after-publish")));
    }
}
