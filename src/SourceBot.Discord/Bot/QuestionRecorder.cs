using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;

namespace SourceBot.Discord.Bot;

/// <summary>
/// Writes every question the bot answers in Discord to the question log (channel "discord", the asker's user id, the
/// knowledge hash), and the 👍 / 👎 on it later, so `kb gaps` and `/kb gaps` see Discord traffic. Does nothing when the host
/// registered no <see cref="IQuestionLog"/> or <see cref="ModerationOptions.LogQuestions"/> is off. With libraries, each
/// question goes to the log of the library of the server it was asked in. A log failure never fails an answer.
/// </summary>
public sealed class QuestionRecorder
{
    public const string Channel = "discord";

    private readonly IQuestionLog? _log;
    private readonly ILibraryQuestionLogs? _libraries;
    private readonly bool _enabled;
    private readonly ILogger _logger;

    public QuestionRecorder(ILogger<QuestionRecorder> logger, IQuestionLog? log = null, IOptions<ModerationOptions>? moderation = null, ILibraryQuestionLogs? libraries = null)
    {
        _log = log;
        _libraries = libraries;
        _enabled = (log is not null || libraries is not null) && (moderation?.Value.LogQuestions ?? true);
        _logger = logger;
    }

    public bool Enabled => _enabled;

    public async Task RecordAsync(Answer answer, string? serverId, string? userId, string? knowledgeHash, CancellationToken cancellationToken)
    {
        if (!_enabled || answer.Outcome == AnswerOutcome.EmptyQuestion) return;
        try
        {
            if (await LogOfAsync(serverId, cancellationToken).ConfigureAwait(false) is not { } log) return;
            await log.RecordAsync(answer, Channel, userId, knowledgeHash, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("The question was not logged: {Reason}", e.Message);
        }
    }

    public async Task RecordVoteAsync(Answer answer, string? serverId, FeedbackVote vote, CancellationToken cancellationToken)
    {
        if (!_enabled || answer.PassageId is null) return;
        try
        {
            if (await LogOfAsync(serverId, cancellationToken).ConfigureAwait(false) is not { } log) return;
            await log.RecordFeedbackAsync(answer.Question, answer.PassageId, vote, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("The vote was not logged in the question log: {Reason}", e.Message);
        }
    }

    private async Task<IQuestionLog?> LogOfAsync(string? serverId, CancellationToken cancellationToken) =>
        _libraries is null ? _log : await _libraries.ForServerAsync(serverId, cancellationToken).ConfigureAwait(false);
}
