using System.Globalization;
using System.Text;
using SourceBot.Core.Evaluation;

namespace SourceBot.Cli;

/// <summary>The eval report as a table a person reads: one row per system, then SourceBot's misses.</summary>
public static class EvalFormatter
{
    public static string Text(EvalReport report, string path)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Question set: {path} ({report.Questions} questions)  knowledge {report.KnowledgeHash}  model {report.ModelHash}  seed {report.Seed}");
        sb.AppendLine();
        sb.AppendLine("system                                                 quote: hit@1  hit@3  MRR   | passage: hit@1  hit@3  MRR   | fn-cite | off-topic refused | answerable refused");
        foreach (var r in report.Rows)
        {
            sb.AppendLine(c, $"{r.System,-54} {r.QuoteHitAt1,11:0.000}  {r.QuoteHitAt3:0.000}  {r.QuoteMrr:0.000} | {r.PassageHitAt1,13:0.000}  {r.PassageHitAt3:0.000}  {r.PassageMrr:0.000} | {r.FootnoteCiteAccuracy,7:0.00} | {r.OffTopicRefused,8}/{r.OffTopic,-8} | {r.AnswerableRefused,9}/{r.Answerable}");
        }
        sb.AppendLine();
        sb.AppendLine("Refused, by kind of question:");
        foreach (var r in report.Rows)
            sb.AppendLine(c, $"  {r.System,-54} {string.Join("  ", r.RefusedByKind.Select(k => $"{k.Kind} {k.Refused}/{k.Questions}"))}");
        sb.AppendLine();
        sb.AppendLine(c, $"SourceBot misses ({report.Misses.Count}):");
        foreach (var m in report.Misses)
        {
            sb.AppendLine(c, $"  - [{m.Kind}] {m.Question}");
            if (m.PassageId is not null) sb.AppendLine(c, $"      got {m.PassageId}: {Preview(m.Quote)}");
            if (m.Expected is { Count: > 0 }) sb.AppendLine(c, $"      expected: {string.Join(" | ", m.Expected)}");
        }
        return sb.ToString();
    }

    /// <summary>SourceBot's figures for each seed, and the worst of them (the one that counts).</summary>
    public static string Spread(IReadOnlyList<EvalReport> reports)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("SourceBot across seeds   quote hit@1  passage hit@1  quote MRR  off-topic refused  answerable refused");
        foreach (var r in reports)
        {
            var s = r.SourceBot;
            sb.AppendLine(c, $"  seed {r.Seed,-17} {s.QuoteHitAt1,11:0.000}  {s.PassageHitAt1,13:0.000}  {s.QuoteMrr,9:0.000}  {s.OffTopicRefused,8}/{s.OffTopic,-8}  {s.AnswerableRefused,9}/{s.Answerable}");
        }
        var rows = reports.Select(r => r.SourceBot).ToList();
        sb.AppendLine(c, $"  worst {"",-16} {rows.Min(s => s.QuoteHitAt1),11:0.000}  {rows.Min(s => s.PassageHitAt1),13:0.000}  {rows.Min(s => s.QuoteMrr),9:0.000}  {rows.Min(s => s.OffTopicRefused),8}/{rows[0].OffTopic,-8}  {rows.Max(s => s.AnswerableRefused),9}/{rows[0].Answerable}");
        return sb.ToString();
    }

    private static string Preview(string? s) => s is null ? "" : s.Length <= 160 ? s : s[..160] + "…";
}
