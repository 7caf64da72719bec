using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Metrics;

namespace SourceBot.Core.Libraries;

/// <summary>
/// One library's answers, counted: each question's outcome and duration go to <see cref="SourceBotMetrics"/> under the library's
/// id, and the logs written while it is answered (and the line that says how it went) carry <c>{Library}</c>. Everything
/// else is the inner service's.
/// </summary>
public sealed class MeteredAnswerService : IAnswerService
{
    private readonly IAnswerService _inner;
    private readonly string _library;
    private readonly SourceBotMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public MeteredAnswerService(IAnswerService inner, string library, SourceBotMetrics metrics, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(metrics);
        _inner = inner;
        _library = library;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The library whose answers these are.</summary>
    public string Library => _library;

    public async Task<Answer> AskAsync(string question, CancellationToken cancellationToken = default)
    {
        using var scope = _logger.BeginScope("Library {Library}", _library);
        var started = _time.GetTimestamp();
        Answer answer;
        try
        {
            answer = await _inner.AskAsync(question, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A question the asker gave up on is not a failure of the library.
            _metrics.Failed(_library);
            throw;
        }
        var elapsed = _time.GetElapsedTime(started);
        _metrics.Answered(_library, answer.Outcome, elapsed);
        _logger.LogDebug("Library {Library} answered with {Outcome} in {ElapsedMs} ms", _library, answer.Outcome, (long)elapsed.TotalMilliseconds);
        return answer;
    }

    public PassageView? GetPassage(string passageId) => _inner.GetPassage(passageId);

    public ImmutableArray<SourceSummary> Sources => _inner.Sources;

    public EngineInfo Info => _inner.Info;
}
