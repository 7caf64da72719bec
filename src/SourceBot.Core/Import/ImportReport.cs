using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace SourceBot.Core.Import;

/// <summary>
/// What an import kept and dropped, for a person to review before publishing: the passage and footnote counts, every dropped
/// block with its reason, the metadata found and where, warnings, and (for a re-import) how passage ids were carried over.
/// </summary>
public sealed record ImportReport(
    string SourceId,
    int KeptPassages,
    int Footnotes,
    ImmutableArray<DroppedBlock> Dropped,
    ImmutableArray<MetadataFinding> Metadata,
    ImmutableArray<string> Warnings,
    PassageIdChanges? Ids = null)
{
    public IEnumerable<DroppedBlock> DroppedFor(DropReason reason) => Dropped.Where(d => d.Reason == reason);

    public MetadataFinding? FindingFor(string field) => Metadata.FirstOrDefault(m => m.Field == field);

    /// <summary>A short human report: counts, metadata with origins, one line per dropped block, warnings, id changes.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"source {SourceId}: kept {KeptPassages} passages, {Footnotes} footnotes; dropped {Dropped.Length} blocks ({Dropped.Sum(d => d.LineCount)} lines)\n");
        sb.Append("metadata:\n");
        foreach (var m in Metadata)
        {
            sb.Append(inv, $"  {m.Field,-10} {(m.Value is null ? "-" : Shorten(m.Value, 70)),-72} {m.Origin}\n");
        }
        sb.Append("dropped:\n");
        foreach (var d in Dropped)
        {
            var reason = DroppedBlock.Label(d.Reason) + (d.Detail is null ? "" : " (" + d.Detail + ")");
            sb.Append(inv, $"  {d.Lines,-15} {reason,-42} {d.Preview}\n");
        }
        if (Ids is not null)
        {
            sb.Append(inv, $"ids: {Ids.Kept.Length} kept, {Ids.KeptEdited.Length} kept with edited text");
            if (!Ids.KeptEdited.IsEmpty) sb.Append(" (").Append(IdList(Ids.KeptEdited)).Append(')');
            sb.Append(inv, $", {Ids.Added.Length} new");
            if (!Ids.Added.IsEmpty) sb.Append(" (").Append(IdList(Ids.Added)).Append(')');
            sb.Append(inv, $", {Ids.Removed.Length} removed");
            if (!Ids.Removed.IsEmpty) sb.Append(" (").Append(IdList(Ids.Removed)).Append(')');
            sb.Append('\n');
        }
        foreach (var w in Warnings)
        {
            sb.Append("warning: ").Append(w).Append('\n');
        }
        return sb.ToString();
    }

    public override string ToString() => Format();

    private static string IdList(ImmutableArray<string> ids) =>
        ids.Length <= 8 ? string.Join(", ", ids) : string.Join(", ", ids.Take(6)) + ", …, " + ids[^1];

    internal static string Shorten(string text, int max)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
    }
}
