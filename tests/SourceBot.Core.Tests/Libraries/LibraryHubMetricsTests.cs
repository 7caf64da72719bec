using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Libraries;
using SourceBot.Core.Metrics;
using SourceBot.Core.Moderation;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Libraries;

/// <summary>The answers LibraryHub hands a front end are counted under the library of the server that asked.</summary>
public sealed class LibraryHubMetricsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sb-hub-metrics-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_question_asked_through_a_servers_library_is_counted_under_that_library()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var answers = new MetricCollector<long>(meters, SourceBotMetrics.MeterName, "sourcebot.answers");
        var moderation = new ModerationOptions();
        using var engines = TestEngines.Factory(new EngineOptions());
        var hub = new LibraryHub(new FileLibraryCatalog(Path.Combine(_folder, "libraries"), Path.Combine(_folder, "knowledge"), Path.Combine(_folder, "versions")),
            engines, moderation, new LibrariesOptions { Path = Path.Combine(_folder, "libraries") },
            metrics: new SourceBotMetrics(meters));
        await hub.CreateAsync(new Actor("1", "moderator"), "biology", copyFrom: null, serverId: "42");

        var library = await ((ILibraryAnswers)hub).ForServerAsync("42");
        var answer = await library.AskAsync("What is a cell?");

        Assert.Equal(AnswerOutcome.NotCovered, answer.Outcome); // an empty library refuses
        var counted = Assert.Single(answers.GetMeasurementSnapshot());
        Assert.Equal("biology", counted.Tags["library"]);
        Assert.Equal("not_covered", counted.Tags["outcome"]);
    }
}
