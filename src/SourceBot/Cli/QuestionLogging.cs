using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;

namespace SourceBot.Cli;

/// <summary>Writes questions asked with `ask` and `chat` to the question log (for `kb gaps` and `kb preview`); a log failure never fails the answer.</summary>
internal static class QuestionLogging
{
    public static async Task RecordAsync(IServiceProvider services, AnswerEngine engine, Answer answer, CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<IOptions<ModerationOptions>>().Value.LogQuestions || answer.Outcome is AnswerOutcome.EmptyQuestion) return;
        try
        {
            await services.GetRequiredService<IQuestionLog>().RecordAsync(answer, "cli", null, engine.Info.KnowledgeHash, cancellationToken);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("warning: the question was not logged: " + ex.Message);
        }
    }
}
