using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SourceBot.Core.Tests.Storage.Postgres;
using Xunit.Abstractions;

namespace SourceBot.Tests.EndToEnd;

/// <summary>
/// Opt-in (SOURCEBOT_BENCH=1): a burst of 1,000 /ask interactions spread over both shards of the two-process pair, sent as
/// fast as the fake gateway writes them. Prints how many were answered, lost (no answer within the wait) and duplicated, and
/// the time from dispatch to the deferral and to the answer (p50, p99, max); asserts none lost or duplicated.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BurstBenchmark(TwoBotProcesses bots, ITestOutputHelper output)
{
    private const int Burst = 1000;
    private static readonly TimeSpan AnswerWait = TimeSpan.FromMinutes(3);

    private static readonly string[] Questions =
    [
        "How do bees make honey?", "Why do volcanoes erupt?", "What did lighthouse keepers do every night?",
        "How much honey can a strong colony store?", "How do scientists forecast eruptions?", "Who invented the Fresnel lens?",
    ];

    [BenchFact]
    public async Task A_burst_of_a_thousand_questions_over_both_shards_loses_and_duplicates_none()
    {
        var sent = new ConcurrentDictionary<string, long>();
        var deferred = new ConcurrentDictionary<string, List<long>>();
        var answered = new ConcurrentDictionary<string, List<long>>();
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        // Collects each request with the time the fake received it (this test owns the request stream; it waits on nothing
        // else): a watcher that falls behind under the load does not make the bot look slower.
        var watcher = Task.Run(async () =>
        {
            await foreach (var r in bots.Fake.RequestStream.Reader.ReadAllAsync(stop.Token))
            {
                var now = r.ReceivedAt;
                var parts = r.Path.Split('/');
                if (r.Method == "POST" && parts is ["", "interactions", var id, _, "callback"] && id.StartsWith("burst-", StringComparison.Ordinal))
                    Add(deferred, id, now);
                else if (r.Method == "PATCH" && parts is ["", "webhooks", _, var token, "messages", "@original"] && token.StartsWith("token-burst-", StringComparison.Ordinal))
                {
                    Add(answered, token["token-".Length..], now);
                    if (answered.Count == Burst) allAnswered.TrySetResult();
                }
            }
        });

        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async shard =>
        {
            for (int i = shard; i < Burst; i += 2)
            {
                var id = "burst-" + i.ToString(CultureInfo.InvariantCulture);
                sent[id] = Stopwatch.GetTimestamp();
                await bots.Shard(shard).InteractAsync(InteractionPayloads.Ask(id, Questions[i % Questions.Length]));
            }
        }));
        var dispatched = Stopwatch.GetElapsedTime(start);
        await Task.WhenAny(allAnswered.Task, Task.Delay(AnswerWait));
        var finished = Stopwatch.GetElapsedTime(start);
        await stop.CancelAsync();
        try { await watcher; } catch (OperationCanceledException) { }

        var lost = sent.Keys.Where(id => !answered.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var duplicated = sent.Keys.Where(id => Count(answered, id) > 1 || Count(deferred, id) > 1).Order(StringComparer.Ordinal).ToList();
        var notAnswers = bots.Fake.Requests.Count(r => r.Method == "PATCH" && r.Path.Contains("token-burst-", StringComparison.Ordinal) && !TwoBotProcesses.IsAnswer(r));
        output.WriteLine($"burst of {Burst} /ask over 2 shards, 2 processes, one PostgreSQL: dispatched in {dispatched.TotalSeconds:0.00} s, all edits in by {finished.TotalSeconds:0.00} s");
        output.WriteLine($"answered {answered.Count}, lost {lost.Count}, duplicated {duplicated.Count}, edits that were not answers {notAnswers}");
        foreach (var body in bots.Fake.Requests.Where(r => r.Method == "PATCH" && r.Path.Contains("token-burst-", StringComparison.Ordinal) && !TwoBotProcesses.IsAnswer(r))
                     .Select(r => r.Body.Length > 300 ? r.Body[..300] : r.Body).Distinct().Take(3))
            output.WriteLine("a reply that was not an answer: " + body);
        output.WriteLine("dispatch -> deferral callback: " + Percentiles(deferred, sent));
        output.WriteLine("dispatch -> answer edit:       " + Percentiles(answered, sent));

        Assert.Empty(lost);
        Assert.Empty(duplicated);
        Assert.Equal(0, notAnswers);
    }

    private static void Add(ConcurrentDictionary<string, List<long>> seen, string id, long at)
    {
        var list = seen.GetOrAdd(id, _ => []);
        lock (list) list.Add(at);
    }

    private static int Count(ConcurrentDictionary<string, List<long>> seen, string id) => seen.TryGetValue(id, out var list) ? list.Count : 0;

    private static string Percentiles(ConcurrentDictionary<string, List<long>> seen, ConcurrentDictionary<string, long> sent)
    {
        var ms = seen.Select(s => Stopwatch.GetElapsedTime(sent[s.Key], s.Value.Min()).TotalMilliseconds).Order().ToArray();
        if (ms.Length == 0) return "none";
        double At(double p) => ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(p * ms.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"n {ms.Length}, p50 {At(0.50):0} ms, p99 {At(0.99):0} ms, max {ms[^1]:0} ms");
    }
}

/// <summary>A benchmark fact: runs only when SOURCEBOT_BENCH=1 (and PostgreSQL is available), skipped otherwise.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SOURCEBOT_BENCH") != "1") Skip = "A benchmark: runs when SOURCEBOT_BENCH=1";
        else if (PostgresTestDatabase.ServerConnectionString is null) Skip = PostgresTestDatabase.SkipReason;
    }
}
