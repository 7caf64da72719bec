using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Libraries;
using SourceBot.Core.Metrics;

namespace SourceBot.Core.Tests.Libraries;

/// <summary>Every answer a library gives is counted under the library: answers, refusals with their reason, failures, duration.</summary>
public sealed class MeteredAnswerServiceTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly SourceBotMetrics _metrics;
    private readonly MetricCollector<long> _answers;
    private readonly MetricCollector<long> _refusals;
    private readonly MetricCollector<long> _failures;
    private readonly MetricCollector<double> _duration;
    private readonly Mock<IAnswerService> _inner = new();
    private readonly FakeTimeProvider _time = new();

    public MeteredAnswerServiceTests()
    {
        _meters = _services.GetRequiredService<IMeterFactory>();
        _answers = new(_meters, SourceBotMetrics.MeterName, "sourcebot.answers");
        _refusals = new(_meters, SourceBotMetrics.MeterName, "sourcebot.refusals");
        _failures = new(_meters, SourceBotMetrics.MeterName, "sourcebot.answer.failures");
        _duration = new(_meters, SourceBotMetrics.MeterName, "sourcebot.answer.duration");
        _metrics = new SourceBotMetrics(_meters);
    }

    public void Dispose()
    {
        _answers.Dispose();
        _refusals.Dispose();
        _failures.Dispose();
        _duration.Dispose();
        _services.Dispose();
    }

    private static Answer Quoted(string question) =>
        new(question, AnswerOutcome.Answered, "A quote.", [], null, "001", "001#p1", "A quote.", 0.9, 0.3, [], "", []);

    private MeteredAnswerService Metered(string library, ILogger? logger = null) => new(_inner.Object, library, _metrics, _time, logger);

    [Fact]
    public async Task An_answer_with_a_quote_counts_as_answered_for_its_library_and_is_no_refusal()
    {
        _inner.Setup(a => a.AskAsync("q", It.IsAny<CancellationToken>())).ReturnsAsync(Quoted("q"));

        await Metered("biology").AskAsync("q");

        var answer = Assert.Single(_answers.GetMeasurementSnapshot());
        Assert.Equal(1, answer.Value);
        Assert.Equal("biology", answer.Tags["library"]);
        Assert.Equal("answered", answer.Tags["outcome"]);
        Assert.Empty(_refusals.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_refusal_counts_as_an_answer_and_as_a_refusal_with_its_reason()
    {
        _inner.Setup(a => a.AskAsync("q", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Answer.NoAnswer("q", AnswerOutcome.NotCovered, "Not in the sources.", []));

        await Metered("history").AskAsync("q");

        var refusal = Assert.Single(_refusals.GetMeasurementSnapshot());
        Assert.Equal("history", refusal.Tags["library"]);
        Assert.Equal("not_covered", refusal.Tags["outcome"]);
        Assert.Equal("not_covered", Assert.Single(_answers.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task Each_library_is_counted_under_its_own_label()
    {
        _inner.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string q, CancellationToken _) => Quoted(q));

        await Metered("biology").AskAsync("one");
        await Metered("biology").AskAsync("two");
        await Metered("history").AskAsync("three");

        var byLibrary = _answers.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["library"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["biology"] = 2, ["history"] = 1 }, byLibrary);
    }

    [Fact]
    public async Task The_time_to_answer_is_recorded_in_seconds_under_the_library()
    {
        _inner.Setup(a => a.AskAsync("q", It.IsAny<CancellationToken>())).Returns(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            return Task.FromResult(Quoted("q"));
        });

        await Metered("biology").AskAsync("q");

        var duration = Assert.Single(_duration.GetMeasurementSnapshot());
        Assert.Equal(0.25, duration.Value, precision: 6);
        Assert.Equal("biology", duration.Tags["library"]);
    }

    [Fact]
    public async Task A_question_whose_answering_throws_counts_as_a_failure_and_the_error_reaches_the_caller()
    {
        _inner.Setup(a => a.AskAsync("q", It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("broken index"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Metered("biology").AskAsync("q"));

        Assert.Equal("broken index", error.Message);
        Assert.Equal("biology", Assert.Single(_failures.GetMeasurementSnapshot()).Tags["library"]);
        Assert.Empty(_answers.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_question_its_asker_cancelled_is_neither_an_answer_nor_a_failure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        _inner.Setup(a => a.AskAsync("q", cancelled.Token)).ThrowsAsync(new OperationCanceledException(cancelled.Token));

        await Assert.ThrowsAsync<OperationCanceledException>(() => Metered("biology").AskAsync("q", cancelled.Token));

        Assert.Empty(_failures.GetMeasurementSnapshot());
        Assert.Empty(_answers.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task The_log_line_of_an_answer_carries_the_library_and_outcome_as_fields()
    {
        _inner.Setup(a => a.AskAsync("q", It.IsAny<CancellationToken>())).ReturnsAsync(Quoted("q"));
        var logger = new FakeLogger();

        await Metered("biology", logger).AskAsync("q");

        var line = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal("biology", line.GetStructuredStateValue("Library"));
        Assert.Equal(nameof(AnswerOutcome.Answered), line.GetStructuredStateValue("Outcome"));
    }

    [Fact]
    public async Task What_is_logged_while_a_library_answers_carries_the_library_in_a_scope()
    {
        var logger = new FakeLogger();
        _inner.Setup(a => a.AskAsync("q", It.IsAny<CancellationToken>())).Returns(() =>
        {
            logger.LogWarning("Something inside the engine");
            return Task.FromResult(Quoted("q"));
        });

        await Metered("biology", logger).AskAsync("q");

        var inside = logger.Collector.GetSnapshot().First(r => r.Message == "Something inside the engine");
        var scope = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(Assert.Single(inside.Scopes));
        Assert.Contains(new KeyValuePair<string, object?>("Library", "biology"), scope);
    }
}
