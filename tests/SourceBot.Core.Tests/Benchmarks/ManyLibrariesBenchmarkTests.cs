using SourceBot.Core.Benchmarks;
using SourceBot.Core.Engine;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Benchmarks;

/// <summary>
/// The many-libraries benchmark on a tiny run (6 libraries of 30 passages, the fast test engine, a budget that holds about
/// two engines): what it reports must add up. No timings are asserted.
/// </summary>
public sealed class ManyLibrariesBenchmarkTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "sourcebot-many-libraries-test-" + Guid.NewGuid().ToString("N"));
    private readonly EngineFactory _engines;

    public ManyLibrariesBenchmarkTests()
    {
        _engines = new EngineFactory(TestEngines.Fast(new EngineOptions { KnowledgePath = _cache, CachePath = _cache, MaxTrainingQuestions = 400 }));
    }

    [Fact]
    public async Task A_budget_of_two_engines_built_two_at_a_time_answers_every_question_evicts_and_times_a_cold_load()
    {
        var settings = new ManyLibrariesSettings(Libraries: 6, PassagesPerLibrary: 30, BudgetBytes: await TwoEnginesAsync(), Questions: 60, BuildThreads: 2);

        var result = await ManyLibrariesBenchmark.RunAsync(settings, _engines);

        Assert.Equal(0, result.Failed);
        Assert.Equal(settings.Questions, result.Answered + result.Refused);
        Assert.True(result.Traffic.Evictions > 0, $"No evictions with a budget of two engines: {result.Traffic}");
        Assert.True(result.ColdLoads > 0, "No cold load of an evicted library was measured.");
    }

    [Theory]
    [InlineData(1, 30, 1, 60)]
    [InlineData(6, 19, 1, 60)]
    [InlineData(6, 30, 0, 60)]
    [InlineData(6, 30, 1, 9)]
    [InlineData(6, 30, 1, 60, 0)]
    public async Task Settings_that_cannot_run_are_named_before_anything_is_built(int libraries, int passages, long budget, int questions, int buildThreads = 1)
    {
        var settings = new ManyLibrariesSettings(libraries, passages, budget, questions, BuildThreads: buildThreads);

        Assert.NotNull(settings.Problem());
        await Assert.ThrowsAsync<ArgumentException>(() => ManyLibrariesBenchmark.RunAsync(settings, _engines));
    }

    /// <summary>Two and a half times the estimated size of the first library's engine: room for two of them, not three.</summary>
    private async Task<long> TwoEnginesAsync()
    {
        var knowledge = await new SyntheticLibraries(6, 30).LoadLiveAsync(SyntheticLibraries.Id(0), CancellationToken.None);
        using var snapshot = _engines.Build(knowledge);
        return snapshot.EstimatedBytes * 5 / 2;
    }

    public void Dispose()
    {
        _engines.Dispose();
        try { Directory.Delete(_cache, recursive: true); } catch (IOException) { }
    }
}
