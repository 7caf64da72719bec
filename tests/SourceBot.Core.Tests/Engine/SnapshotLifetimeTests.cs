using System.Collections.Concurrent;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;

namespace SourceBot.Core.Tests.Engine;

/// <summary>A snapshot swapped out of an engine is released exactly when the last question reading it ends.</summary>
[Collection(SmallEngines.Collection)]
public sealed class SnapshotLifetimeTests(SmallEngines engines)
{
    [Fact]
    public async Task A_snapshot_swapped_out_while_a_question_runs_on_it_is_released_only_when_that_question_ends()
    {
        using var embedder = new GatedEmbedder();
        using var factory = new EngineFactory(engines.Options, embedder);
        var first = factory.Build(SmallEngines.All);
        using var engine = new AnswerEngine(first, engines.Options);

        embedder.Hold();
        var asking = Task.Run(() => engine.Ask(SmallEngines.BeeQuestion));
        Assert.True(embedder.QuestionArrived.Wait(HangGuard.Limit));
        engine.Swap(factory.Build(SmallEngines.All)).Dispose();

        Assert.False(first.IsDisposed);
        embedder.LetGo();
        var answer = await asking;
        Assert.True(first.IsDisposed);
        Assert.Equal(AnswerOutcome.Answered, answer.Outcome);
    }

    [Fact]
    public void A_retired_snapshot_nobody_is_reading_is_released_at_once()
    {
        var first = engines.Build(SmallEngines.All);
        using var engine = new AnswerEngine(first, engines.Options);

        engine.Swap(engines.Build(SmallEngines.All)).Dispose();

        Assert.True(first.IsDisposed);
    }

    [Fact]
    public void A_question_after_a_swap_is_answered_from_the_new_snapshot_and_leaves_the_old_one_released()
    {
        var first = engines.Build(SmallEngines.VolcanoesAndLighthouses);
        using var engine = new AnswerEngine(first, engines.Options);
        Assert.NotEqual("bees", engine.Ask(SmallEngines.BeeQuestion).SourceId);

        engine.Swap(engines.Build(SmallEngines.All)).Dispose();

        Assert.Equal("bees", engine.Ask(SmallEngines.BeeQuestion).SourceId);
        Assert.True(first.IsDisposed);
    }

    [Fact]
    public void A_lease_keeps_a_retired_snapshot_until_it_is_disposed_and_disposing_it_twice_lets_go_once()
    {
        var first = engines.Build(SmallEngines.All);
        using var engine = new AnswerEngine(first, engines.Options);
        var lease = engine.Acquire();
        using var other = first.Lease();

        engine.Swap(engines.Build(SmallEngines.All)).Dispose();
        lease.Dispose();
        lease.Dispose();

        Assert.False(first.IsDisposed);
        Assert.Equal(1, first.References);
        other.Dispose();
        Assert.True(first.IsDisposed);
    }

    [Fact]
    public void Disposing_a_snapshot_twice_gives_up_the_owners_reference_once()
    {
        var snapshot = engines.Build(SmallEngines.All);
        using var lease = snapshot.Lease();

        snapshot.Dispose();
        snapshot.Dispose();

        Assert.False(snapshot.IsDisposed);
        Assert.Equal(1, snapshot.References);
    }

    [Fact]
    public void A_disposed_engine_refuses_a_lease_with_an_error_that_names_it()
    {
        var engine = new AnswerEngine(engines.Build(SmallEngines.All), engines.Options);
        engine.Dispose();

        var error = Assert.Throws<ObjectDisposedException>(() => engine.Acquire());
        Assert.Contains("engine has been disposed", error.Message);
    }

    [Fact]
    public void A_released_snapshot_cannot_be_leased_again()
    {
        var snapshot = engines.Build(SmallEngines.All);
        snapshot.Dispose();

        Assert.Throws<ObjectDisposedException>(() => snapshot.Lease());
        Assert.Equal(0, snapshot.References);
    }

    [Fact]
    public async Task Questions_racing_with_swaps_all_get_answers_and_every_retired_snapshot_ends_released()
    {
        var snapshots = Enumerable.Range(0, 6).Select(_ => engines.Build(SmallEngines.All)).ToList();
        var engine = new AnswerEngine(snapshots[0], engines.Options);
        var outcomes = new ConcurrentBag<AnswerOutcome>();
        int asked = 0;
        using var stop = new CancellationTokenSource();
        var askers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                outcomes.Add(engine.Ask(SmallEngines.BeeQuestion).Outcome);
                Interlocked.Increment(ref asked);
            }
        })).ToArray();
        void WaitForMoreQuestions()
        {
            // Some questions run on each version before the next swap, or an asker has failed (its exception surfaces below).
            int target = Volatile.Read(ref asked) + askers.Length;
            SpinWait.SpinUntil(() => Volatile.Read(ref asked) >= target || askers.Any(a => a.IsCompleted));
        }

        foreach (var next in snapshots.Skip(1))
        {
            WaitForMoreQuestions();
            engine.Swap(next).Dispose();
        }
        WaitForMoreQuestions();
        stop.Cancel();
        await Task.WhenAll(askers);

        Assert.All(outcomes, o => Assert.Equal(AnswerOutcome.Answered, o));
        Assert.All(snapshots[..^1], s => Assert.True(s.IsDisposed));
        Assert.Equal(1, snapshots[^1].References);
        engine.Dispose();
        Assert.True(snapshots[^1].IsDisposed);
    }
}
