using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Answers;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;

namespace SourceBot.Core.Engine;

/// <summary>
/// Answers questions from the current <see cref="EngineSnapshot"/>. Each call leases the snapshot once, so an answer never
/// mixes knowledge versions even while <see cref="Swap"/> installs a new one, and a swapped-out snapshot is released when the
/// last question on it ends (see <see cref="EngineSnapshot"/> on ownership).
/// </summary>
public sealed class AnswerEngine : IAnswerService, IDisposable
{
    private readonly EngineOptions _options;

    public EngineOptions Options => _options;
    private EngineSnapshot _snapshot;

    /// <summary>An engine on <paramref name="snapshot"/>, which it takes the owner's reference of (released by <see cref="Dispose"/>).</summary>
    public AnswerEngine(EngineSnapshot snapshot, EngineOptions options)
    {
        _snapshot = snapshot;
        _options = options;
    }

    /// <summary>
    /// The live snapshot, not leased: enough to read its <see cref="EngineSnapshot.Knowledge"/> or hashes, which stay valid
    /// after release. To use its ranker or corpus, <see cref="Acquire"/> a lease, or a publish may release them mid-use.
    /// </summary>
    public EngineSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>A lease on the live snapshot, which stays usable until the lease is disposed even if it is swapped out.</summary>
    /// <exception cref="ObjectDisposedException">The engine has been disposed.</exception>
    public SnapshotLease Acquire()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        while (!snapshot.TryRetain())
        {
            // Released: it was swapped out and retired after it was read (read again: the new one is installed), or the
            // engine itself was disposed (the same snapshot is still there).
            var again = Volatile.Read(ref _snapshot);
            if (ReferenceEquals(again, snapshot)) throw new ObjectDisposedException(nameof(AnswerEngine), "This engine has been disposed.");
            snapshot = again;
        }
        return new SnapshotLease(snapshot);
    }

    /// <summary>
    /// Installs a new snapshot, taking over its owner's reference, and hands back the one it replaces with the engine's
    /// reference: the caller disposes it, and it is released once the questions already running on it have finished.
    /// </summary>
    public EngineSnapshot Swap(EngineSnapshot next) => Interlocked.Exchange(ref _snapshot, next);

    public static string CodeVersion { get; } =
        typeof(AnswerEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public EngineInfo Info
    {
        get
        {
            var s = Snapshot;
            return new EngineInfo(CodeVersion, s.Knowledge.Hash[..16], s.ModelHash, s.Knowledge.Sources.Length, s.Knowledge.Passages.Length);
        }
    }

    public ImmutableArray<SourceSummary> Sources =>
        [.. Snapshot.Knowledge.Sources.Select(s => new SourceSummary(s.Id, CitationOf(s), s.Passages.Count(p => !p.Hidden), s.HasFootnotes))];

    public Task<Answer> AskAsync(string question, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Ask(question));
    }

    public Answer Ask(string? question)
    {
        using var lease = Acquire();
        return Ask(question, lease.Snapshot);
    }

    private Answer Ask(string? raw, EngineSnapshot snapshot)
    {
        var original = raw ?? string.Empty;
        var question = QuestionText.Clean(original);
        if (question.Length == 0)
        {
            return Answer.NoAnswer(original, AnswerOutcome.EmptyQuestion,
                "That message has no question in it. Ask about something the sources cover, in a sentence or a few words.",
                SourceTitles(snapshot));
        }
        if (question.Length > QuestionText.MaxLength)
        {
            return Answer.NoAnswer(original, AnswerOutcome.TooLong,
                $"That question is {question.Length:N0} characters long; please ask in at most {QuestionText.MaxLength:N0}.",
                SourceTitles(snapshot));
        }

        var corpus = snapshot.Corpus;
        var query = new Query(question, corpus, snapshot.EmbedQuestion(question));
        if (query.IsEmpty)
        {
            return Answer.NoAnswer(question, AnswerOutcome.EmptyQuestion,
                "That has no words to look up, only question words or punctuation. Ask about something the sources cover, such as the topics below.",
                SourceTitles(snapshot));
        }
        if (query.KnownIdf <= 0)
        {
            return Answer.NoAnswer(question, AnswerOutcome.NotCovered,
                "The sources don't cover that: none of its words appear in them.", NearestTopics(snapshot, query));
        }

        // A question a moderator taught is answered as taught: from its passage, or "not covered".
        var taught = snapshot.Taught.Match(query.Terms);
        if (taught is { Taught.NotCovered: true })
        {
            return Answer.NoAnswer(question, AnswerOutcome.NotCovered,
                $"A moderator marked this question as not covered by the sources (taught {taught.Value.Taught.Id}).", NearestTopics(snapshot, query));
        }

        var result = snapshot.Ranker.Rank(query);
        var ranked = result.Passages;
        string reasonPrefix = "Quoted from the passage that best answers the question";
        if (taught is { Passage: int taughtPassage })
        {
            var rest = ranked.Where(r => r.Passage != taughtPassage);
            ranked = [new RankedPassage(taughtPassage, 1.0, 0), .. rest];
            result = result with { Answerability = 1.0 };
            reasonPrefix = $"Quoted from the passage a moderator taught for this question (taught {taught.Value.Taught.Id})";
        }
        if (ranked.Count == 0 || result.Answerability < (_options.AnswerThreshold ?? snapshot.Ranker.Models.AnswerThreshold))
        {
            // The score of a no-answer is the best passage's ranker probability, on the same scale as an answer's.
            double top = ranked.Count == 0 ? 0 : Math.Round(ranked[0].Probability, 4);
            return Answer.NoAnswer(question, AnswerOutcome.NotCovered,
                "The sources don't cover that closely enough to quote an answer.", NearestTopics(snapshot, query), top);
        }

        var best = corpus.Passages[ranked[0].Passage];
        if (taught is null && MissingKind(query, best.PlainText) is { } missing)
        {
            // The topic is there but not the kind of fact asked for: quoting would answer another question.
            return Answer.NoAnswer(question, AnswerOutcome.NotCovered,
                $"The sources come close, but the passage that best matches gives no {missing} for that.", NearestTopics(snapshot, query),
                Math.Round(ranked[0].Probability, 4));
        }
        var quote = Quote(query, best, snapshot);
        var source = snapshot.Knowledge.SourceOf(best.Passage);
        var alternatives = ranked.Skip(1).Take(_options.Alternatives)
            .Select(r => new Alternative(corpus.Passages[r.Passage].Passage.Id, corpus.Passages[r.Passage].Passage.SourceId,
                Quote(query, corpus.Passages[r.Passage], snapshot).Text, Math.Round(r.Probability, 4)))
            .ToImmutableArray();
        double margin = ranked.Count > 1 ? ranked[0].Probability - ranked[1].Probability : ranked[0].Probability;
        return new Answer(
            question,
            AnswerOutcome.Answered,
            quote.Text,
            FootnotesOf(source, QuoteSelector.FootnotesFor(best, quote)),
            CitationOf(source),
            source.Id,
            best.Passage.Id,
            best.Passage.Text,
            Math.Round(ranked[0].Probability, 4),
            Math.Round(margin, 4),
            alternatives,
            source.HasFootnotes ? reasonPrefix + "." : reasonPrefix + "; this source has no footnotes, so it is cited as a whole.",
            []);
    }

    private Quote Quote(Query query, AnalyzedPassage passage, EngineSnapshot snapshot) => snapshot.Ranker.Quote(query, passage, _options.MaxQuoteWords);

    /// <summary>The kind of fact the question asks for that the passage lacks ("date", "number"), or null.</summary>
    internal static string? MissingKind(Query query, string passageText)
    {
        if ((query.AskedFor & QuestionKind.When) != 0 && !AnswerKinds.HasDate(passageText)) return "date or time";
        if ((query.AskedFor & QuestionKind.HowMany) != 0 && !AnswerKinds.HasNumber(passageText)) return "number";
        if ((query.AskedFor & QuestionKind.Who) != 0 && !AnswerKinds.HasAgent(passageText)) return "person or body";
        return null;
    }

    public PassageView? GetPassage(string passageId)
    {
        var knowledge = Snapshot.Knowledge;
        var passage = knowledge.FindPassage(passageId);
        if (passage is null || passage.Hidden) return null;
        var source = knowledge.SourceOf(passage);
        var visible = source.Passages.Where(p => !p.Hidden).ToList();
        int i = visible.FindIndex(p => p.Id == passage.Id);
        return new PassageView(passage.Id, source.Id, passage.Text, FootnotesOf(source, passage.Text), CitationOf(source),
            i > 0 ? visible[i - 1].Id : null, i + 1 < visible.Count ? visible[i + 1].Id : null, i + 1, visible.Count);
    }

    public static Citation CitationOf(Source source)
    {
        var m = source.Metadata;
        return new Citation(m.Authors, m.Title, m.Publisher, m.Date, m.Url);
    }

    private static ImmutableArray<FootnoteRef> FootnotesOf(Source source, string text) => FootnotesOf(source, FootnoteMarkers.NumbersIn(text));

    private static ImmutableArray<FootnoteRef> FootnotesOf(Source source, ImmutableArray<int> numbers) =>
        [.. numbers.Select(n => source.FindFootnote(n)).Where(f => f is not null).Select(f => new FootnoteRef(f!.Number, f.Text))];

    private static ImmutableArray<string> SourceTitles(EngineSnapshot snapshot) =>
        [.. snapshot.Knowledge.Sources.Select(s => s.Metadata.Title)];

    /// <summary>What the sources say nearest to the question: the opening words of the closest passages, with their source.</summary>
    private static ImmutableArray<string> NearestTopics(EngineSnapshot snapshot, Query query)
    {
        if (query.IsEmpty || query.KnownIdf <= 0) return SourceTitles(snapshot);
        var topics = new List<string>();
        foreach (var c in snapshot.Ranker.LexicalCandidates(query, 3))
        {
            var p = snapshot.Corpus.Passages[c.Passage];
            var title = snapshot.Knowledge.SourceOf(p.Passage).Metadata.Title;
            var sentence = p.Sentences.Length > 0 ? FootnoteMarkers.Strip(p.Sentences[0].Text) : p.Passage.Text;
            var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var opening = words.Length <= 12 ? sentence : string.Join(' ', words.Take(12)) + " …";
            topics.Add($"{opening} ({title})");
        }
        return topics.Count > 0 ? [.. topics] : SourceTitles(snapshot);
    }

    /// <summary>Gives up the engine's reference to its snapshot, which is released when the questions running on it end.</summary>
    public void Dispose() => Snapshot.Dispose();
}
