using System.Collections.Immutable;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Import;

/// <summary>
/// Carries passage ids over from the existing version of a source to a re-import, because taught questions, feedback and past
/// replies refer to them: a paragraph whose text is unchanged keeps its id; one changed only a little (at least
/// <see cref="NearlyUnchanged"/> of its words in place, by word-level edit distance) keeps the id of the passage it best
/// matches; every other paragraph gets a fresh id from the existing next passage number; ids of passages that disappeared are
/// never given out again. A hidden passage that comes back stays hidden.
/// </summary>
internal static class PassageIds
{
    public const double NearlyUnchanged = 0.8;

    public static (Source Source, PassageIdChanges Changes) Carry(Source imported, Source existing)
    {
        var id = imported.Id;
        int count = imported.Passages.Length;
        var matched = new Passage?[count];
        var unused = existing.Passages.ToList();
        var edited = new HashSet<int>();

        // Unchanged text (whitespace aside) keeps its id.
        for (int i = 0; i < count; i++)
        {
            var key = PageText.Collapse(imported.Passages[i].Text);
            var hit = unused.FirstOrDefault(p => PageText.Collapse(p.Text) == key);
            if (hit is null) continue;
            matched[i] = hit;
            unused.Remove(hit);
        }

        // Nearly unchanged text keeps the id of its best match, best pairs first.
        var pairs = new List<(double Similarity, int New, Passage Old)>();
        for (int i = 0; i < count; i++)
        {
            if (matched[i] is not null) continue;
            var a = PageText.Tokens(imported.Passages[i].Text);
            var aWords = a.ToHashSet(StringComparer.Ordinal);
            foreach (var old in unused)
            {
                var b = PageText.Tokens(old.Text);
                if (b.Count(aWords.Contains) < Math.Max(a.Length, b.Length) * NearlyUnchanged - 1) continue; // cannot reach the threshold
                double s = Similarity(a, b);
                if (s >= NearlyUnchanged) pairs.Add((s, i, old));
            }
        }
        foreach (var (_, i, old) in pairs.OrderByDescending(p => p.Similarity).ThenBy(p => p.New))
        {
            if (matched[i] is not null || !unused.Contains(old)) continue;
            matched[i] = old;
            unused.Remove(old);
            edited.Add(i);
        }

        int next = Math.Max(existing.NextPassageNumber, existing.Passages.Select(p => Number(p) + 1).DefaultIfEmpty(1).Max());
        var passages = ImmutableArray.CreateBuilder<Passage>(count);
        var kept = ImmutableArray.CreateBuilder<string>();
        var keptEdited = ImmutableArray.CreateBuilder<string>();
        var added = ImmutableArray.CreateBuilder<string>();
        for (int i = 0; i < count; i++)
        {
            var text = imported.Passages[i].Text;
            if (matched[i] is { } old)
            {
                passages.Add(new Passage(old.Id, id, text, old.Hidden));
                (edited.Contains(i) ? keptEdited : kept).Add(old.LocalId);
            }
            else
            {
                var fresh = new Passage(Source.PassageId(id, next++), id, text);
                passages.Add(fresh);
                added.Add(fresh.LocalId);
            }
        }
        var removed = unused.Select(p => p.LocalId).ToImmutableArray();
        var source = imported with { Passages = passages.MoveToImmutable(), NextPassageNumber = next };
        return (source, new PassageIdChanges(kept.ToImmutable(), keptEdited.ToImmutable(), added.ToImmutable(), removed));
    }

    private static int Number(Passage p) => int.Parse(p.LocalId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>1 - (word edit distance / longer length): 1 for equal texts, 0.9 when one word in ten changed.</summary>
    internal static double Similarity(string[] a, string[] b)
    {
        int longer = Math.Max(a.Length, b.Length);
        if (longer == 0) return 1;
        if (Math.Min(a.Length, b.Length) < longer * NearlyUnchanged) return 0; // too different in length to be close
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return 1.0 - (double)prev[b.Length] / longer;
    }
}
