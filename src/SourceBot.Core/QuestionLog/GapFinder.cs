using System.Collections.Immutable;
using SourceBot.Core.Text;

namespace SourceBot.Core.QuestionLog;

/// <summary>A question that got no answer or a 👎, as it was asked.</summary>
public sealed record Miss(string Question, DateTimeOffset At, bool NoAnswer, bool DownVoted, string? PassageId);

/// <summary>Similar missed questions, grouped: the most common wording, how often it was asked, and the other wordings.</summary>
public sealed record Gap(string Question, int Count, int NoAnswerCount, int DownVoteCount, DateTimeOffset LastAsked, ImmutableArray<string> Variants, ImmutableArray<string> PassageIds);

/// <summary>
/// Groups missed questions by similarity: two questions belong together when their sets of stemmed content terms overlap
/// by at least <see cref="MinSimilarity"/> (Jaccard), joined greedily to the first group whose first question matches.
/// Most asked first, then most recent.
/// </summary>
public static class GapFinder
{
    public const double MinSimilarity = 0.5;

    public static ImmutableArray<Gap> Group(IEnumerable<Miss> misses, TextAnalysis analysis)
    {
        var groups = new List<(HashSet<string> Terms, List<Miss> Members)>();
        foreach (var m in misses.OrderBy(m => m.At))
        {
            var terms = analysis.Terms(m.Question).ToHashSet(StringComparer.Ordinal);
            var key = terms.Count > 0 ? terms : [m.Question.Trim().ToLowerInvariant()];
            var group = groups.FirstOrDefault(g => Moderation.TaughtMatcher.Jaccard(g.Terms, key) >= MinSimilarity);
            if (group.Members is null) groups.Add((key, [m]));
            else group.Members.Add(m);
        }
        return [.. groups
            .Select(g =>
            {
                var wordings = g.Members.GroupBy(m => m.Question.Trim(), StringComparer.OrdinalIgnoreCase)
                    .OrderByDescending(w => w.Count()).ThenBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Key).ToList();
                return new Gap(wordings[0], g.Members.Count, g.Members.Count(m => m.NoAnswer), g.Members.Count(m => m.DownVoted),
                    g.Members.Max(m => m.At), [.. wordings.Skip(1)],
                    [.. g.Members.Select(m => m.PassageId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
            })
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.LastAsked)];
    }
}
