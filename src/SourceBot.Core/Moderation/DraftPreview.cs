using System.Collections.Immutable;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Moderation;

/// <summary>
/// Previewing a draft: replays its taught questions, the recent logged questions and any given ones on the live version and
/// on the draft, and lists exactly the questions whose answer changes (outcome, passage or quote).
/// </summary>
internal sealed class DraftPreview(ModerationContext context)
{
    public async Task<PreviewReport> PreviewAsync(IEnumerable<string>? extraQuestions, CancellationToken cancellationToken)
    {
        KnowledgeBase draftKb;
        try
        {
            draftKb = (await context.Store.ReadDraftAsync(cancellationToken).ConfigureAwait(false)).Parse(context.Store.DraftLocation);
        }
        catch (KnowledgeFormatException ex)
        {
            return PreviewReport.Fail("The draft cannot be previewed: " + ex.Message);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return PreviewReport.Fail("The draft cannot be read: " + ex.Message);
        }
        var liveVersion = (await context.LatestAsync(cancellationToken).ConfigureAwait(false))?.Version ?? 0;
        var questions = new List<(string Q, string Origin)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string q, string origin)
        {
            var clean = QuestionText.Clean(q);
            if (clean.Length > 0 && seen.Add(clean)) questions.Add((clean, origin));
        }
        foreach (var t in draftKb.TaughtQuestions) Add(t.Question, "taught");
        string? logNote = null;
        if (context.QuestionLog is not null && context.Options.PreviewRecentQuestions > 0)
        {
            try
            {
                foreach (var l in await context.QuestionLog.RecentAsync(context.Options.PreviewRecentQuestions, cancellationToken).ConfigureAwait(false)) Add(l.Question, "log");
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                logNote = $" The question log could not be read ({ex.Message}), so no logged questions were replayed.";
            }
        }
        foreach (var q in extraQuestions ?? []) Add(q, "file");

        AnswerEngine? ownedLive = null;
        EngineLease? leasedLive = null;
        EngineSnapshot? draftSnapshot = null;
        try
        {
            var live = context.Live;
            if (live is null && context.Cache is not null)
            {
                leasedLive = await context.Cache.AcquireAsync(context.Store.LibraryId, cancellationToken).ConfigureAwait(false);
                live = leasedLive.Engine;
            }
            if (live is null)
            {
                var liveKb = await context.LoadLiveKnowledgeAsync(cancellationToken).ConfigureAwait(false);
                ownedLive = new AnswerEngine(await context.BuildAsync(liveKb, cancellationToken).ConfigureAwait(false), context.Engines.Options);
                live = ownedLive;
            }
            var liveKnowledge = live.Snapshot.Knowledge;
            try
            {
                draftSnapshot = await context.BuildAsync(draftKb, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return PreviewReport.Fail("The draft's models could not be built: " + ex.Message);
            }
            var draftEngine = new AnswerEngine(draftSnapshot, context.Engines.Options);
            var changes = ImmutableArray.CreateBuilder<AnswerChange>();
            foreach (var (q, origin) in questions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var before = live.Ask(q);
                var after = draftEngine.Ask(q);
                if (before.Outcome != after.Outcome || before.PassageId != after.PassageId || before.Quote != after.Quote)
                    changes.Add(new AnswerChange(q, origin, before, after));
            }
            var diff = KnowledgeDiff.Describe(liveKnowledge, draftKb);
            var message = $"Replayed {questions.Count} questions ({questions.Count(x => x.Origin == "taught")} taught, {questions.Count(x => x.Origin == "log")} from the log, {questions.Count(x => x.Origin == "file")} from the file) on v{liveVersion} (live) and the draft: {changes.Count} answers change.";
            return new PreviewReport(true, message + logNote, questions.Count, liveVersion, [.. diff], changes.ToImmutable());
        }
        catch (Exception ex) when (ex is KnowledgeFormatException or EngineLoadException)
        {
            return PreviewReport.Fail("The live version cannot be loaded: " + ex.Message);
        }
        finally
        {
            draftSnapshot?.Dispose();
            ownedLive?.Dispose();
            leasedLive?.Dispose();
        }
    }
}
