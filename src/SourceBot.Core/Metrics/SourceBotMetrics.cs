using System.Diagnostics.Metrics;
using SourceBot.Core.Answers;

namespace SourceBot.Core.Metrics;

/// <summary>
/// The answering side's metrics (Meter <see cref="MeterName"/>), for whatever exporter the host attaches: every answer and every
/// refusal per library and outcome, how long answering took per library, and, when the host supplies it, the training queue's
/// depth. <c>sourcebot.answers</c> counts every answer given, a quote or a refusal, so the refusal rate is refusals / answers.
/// </summary>
public sealed class SourceBotMetrics
{
    public const string MeterName = "SourceBot";

    /// <summary>Seconds: a cached engine answers in milliseconds, a library opened by the question can take a minute.</summary>
    private static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _answers;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;

    /// <param name="meters">The host's meter factory (AddMetrics), which owns and disposes the meter.</param>
    /// <param name="trainingQueueDepth">
    /// Publish builds waiting or running in the training queue, observed as the gauge <c>sourcebot.training.queue.depth</c>; none
    /// when null (a host without a training queue).
    /// </param>
    public SourceBotMetrics(IMeterFactory meters, Func<int>? trainingQueueDepth = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _answers = meter.CreateCounter<long>("sourcebot.answers", "{answer}",
            "Answers given, a quote or a refusal, per library and outcome (answered, not_covered, empty_question, too_long).");
        _refusals = meter.CreateCounter<long>("sourcebot.refusals", "{answer}",
            "Answers without a quote, per library and outcome (why: not_covered, empty_question, too_long).");
        _failures = meter.CreateCounter<long>("sourcebot.answer.failures", "{question}", "Questions whose answering failed with an error, per library.");
        _duration = meter.CreateHistogram("sourcebot.answer.duration", "s", "Time from question to answer, per library.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        if (trainingQueueDepth is not null)
            meter.CreateObservableGauge("sourcebot.training.queue.depth", trainingQueueDepth, "{build}", "Publish builds waiting or running in the training queue.");
    }

    /// <summary>Counts an answer of <paramref name="library"/> (and a refusal when it has no quote) and records its duration.</summary>
    internal void Answered(string library, AnswerOutcome outcome, TimeSpan elapsed)
    {
        var libraryTag = new KeyValuePair<string, object?>("library", library);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", OutcomeName(outcome));
        _answers.Add(1, libraryTag, outcomeTag);
        if (outcome != AnswerOutcome.Answered) _refusals.Add(1, libraryTag, outcomeTag);
        _duration.Record(elapsed.TotalSeconds, libraryTag);
    }

    /// <summary>Counts a question of <paramref name="library"/> whose answering threw.</summary>
    internal void Failed(string library) => _failures.Add(1, new KeyValuePair<string, object?>("library", library));

    /// <summary>The outcome as a metric label: stable snake_case, whatever the enum's member names become.</summary>
    internal static string OutcomeName(AnswerOutcome outcome) => outcome switch
    {
        AnswerOutcome.Answered => "answered",
        AnswerOutcome.NotCovered => "not_covered",
        AnswerOutcome.EmptyQuestion => "empty_question",
        AnswerOutcome.TooLong => "too_long",
        _ => "other",
    };
}
