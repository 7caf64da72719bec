using SourceBot.Core.Feedback;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Text;

namespace SourceBot.Core.Moderation;

/// <summary>Gaps: the questions that got no answer or a 👎 (from the question log and the feedback store), grouped by similarity, most asked first.</summary>
internal sealed class GapReporter(ModerationContext context)
{
    public async Task<GapReport> GapsAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var misses = new List<Miss>();
        var logged = new HashSet<(string, string?)>();
        if (context.QuestionLog is not null)
        {
            foreach (var l in await context.QuestionLog.MissesAsync(since, cancellationToken).ConfigureAwait(false))
            {
                misses.Add(new Miss(l.Question, l.At, !l.Answered, l.Feedback == -1, l.PassageId));
                if (l.Feedback == -1) logged.Add((l.Question, l.PassageId));
            }
        }
        if (context.Feedback is not null)
        {
            foreach (var f in await context.Feedback.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (f.Vote != FeedbackVote.Down || (since is { } s && f.RecordedAt < s) || logged.Contains((f.Question, f.PassageId))) continue;
                misses.Add(new Miss(f.Question, f.RecordedAt, false, true, f.PassageId));
            }
        }
        using var analysis = new TextAnalysis();
        return new GapReport(misses.Count, GapFinder.Group(misses, analysis));
    }
}
