using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;

namespace SourceBot.Core.Moderation;

/// <summary>
/// Finds the taught question a new question repeats: the same content terms after stemming (Jaccard similarity of the
/// term sets at least <see cref="MinSimilarity"/>), so "What is songbun?" and "what's songbun" meet. A match makes the
/// answer the taught passage (or "not covered"), whatever the ranker would pick; the ranker also learns from taught
/// questions (<see cref="SyntheticQuestions.FromTaught"/>), which carries the lesson to questions worded otherwise.
/// Built once per engine snapshot; immutable and thread-safe.
/// </summary>
public sealed class TaughtMatcher
{
    public const double MinSimilarity = 0.8;

    private readonly List<(TaughtQuestion Taught, HashSet<string> Terms, int? Passage)> _entries = [];

    public TaughtMatcher(Corpus corpus)
    {
        foreach (var t in corpus.Knowledge.UsableTaughtQuestions)
        {
            var terms = corpus.Analysis.Terms(t.Question).ToHashSet(StringComparer.Ordinal);
            if (terms.Count == 0) continue;
            int? passage = t.PassageId is null ? null : corpus.IndexOf(t.PassageId);
            if (t.PassageId is not null && passage is null) continue;
            _entries.Add((t, terms, passage));
        }
    }

    public int Count => _entries.Count;

    /// <summary>The taught question (and its passage's corpus index, null for "not covered") this question repeats, if any; the latest taught wins a tie.</summary>
    public (TaughtQuestion Taught, int? Passage)? Match(IReadOnlyCollection<string> questionTerms)
    {
        if (_entries.Count == 0 || questionTerms.Count == 0) return null;
        var set = questionTerms as IReadOnlySet<string> ?? questionTerms.ToHashSet(StringComparer.Ordinal);
        (TaughtQuestion, int?)? best = null;
        double bestScore = 0;
        foreach (var (taught, terms, passage) in _entries)
        {
            double s = Jaccard(set, terms);
            if (s >= MinSimilarity && s >= bestScore)
            {
                best = (taught, passage);
                bestScore = s;
            }
        }
        return best;
    }

    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        int common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }
}
