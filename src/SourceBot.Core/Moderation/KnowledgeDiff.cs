using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Moderation;

/// <summary>What changed between two knowledge versions, one short line per change, for history entries and previews.</summary>
public static class KnowledgeDiff
{
    public static List<string> Describe(KnowledgeBase? before, KnowledgeBase after)
    {
        var lines = new List<string>();
        var old = before?.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal) ?? [];
        foreach (var s in after.Sources)
        {
            if (!old.TryGetValue(s.Id, out var o))
            {
                lines.Add($"added source {s.Id} ({s.Passages.Count(p => !p.Hidden)} passages)");
                continue;
            }
            if (o.Metadata != s.Metadata && !MetadataEqual(o.Metadata, s.Metadata)) lines.Add($"metadata of {s.Id} changed");
            var oldPassages = o.Passages.ToDictionary(p => p.Id, StringComparer.Ordinal);
            foreach (var p in s.Passages)
            {
                if (!oldPassages.TryGetValue(p.Id, out var op)) { lines.Add($"{p.Id} added"); continue; }
                if (op.Text != p.Text) lines.Add($"{p.Id} edited");
                if (op.Hidden != p.Hidden) lines.Add($"{p.Id} {(p.Hidden ? "hidden" : "unhidden")}");
            }
            foreach (var op in o.Passages.Where(op => s.Passages.All(p => p.Id != op.Id))) lines.Add($"{op.Id} removed");
        }
        foreach (var id in old.Keys.Where(id => after.FindSource(id) is null).Order(StringComparer.Ordinal)) lines.Add($"removed source {id}");
        var oldTaught = before?.TaughtQuestions.ToDictionary(t => t.Id, StringComparer.Ordinal) ?? [];
        foreach (var t in after.TaughtQuestions.Where(t => !oldTaught.ContainsKey(t.Id)))
            lines.Add($"taught {t.Id} \"{Short(t.Question)}\" -> {t.PassageId ?? "not covered"}");
        foreach (var t in oldTaught.Values.Where(t => after.TaughtQuestions.All(x => x.Id != t.Id)))
            lines.Add($"removed taught {t.Id}");
        return lines;
    }

    public static string Summary(IReadOnlyList<string> lines, int max = 6) =>
        lines.Count == 0 ? "no changes" : string.Join("; ", lines.Take(max)) + (lines.Count > max ? $"; and {lines.Count - max} more" : "");

    private static bool MetadataEqual(SourceMetadata a, SourceMetadata b) =>
        a.Title == b.Title && a.Authors.SequenceEqual(b.Authors) && a.Publisher == b.Publisher && a.Date == b.Date && a.Url == b.Url && a.Note == b.Note;

    private static string Short(string s) => s.Length <= 50 ? s : s[..49] + "…";
}
