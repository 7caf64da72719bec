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
        sb.AppendLine(c, $"Question set: {path} ({report.Questions} questions)  knowledge {report.KnowledgeHash}  model {report.ModelHash}");
        sb.AppendLine();
        sb.AppendLine("system                                                 quote: hit@1  hit@3  MRR   | passage: hit@1  hit@3  MRR   | fn-cite | off-topic refused | answerable refused");
        foreach (var r in report.Rows)
        {
            sb.AppendLine(c, $"{r.System,-54} {r.QuoteHitAt1,11:0.000}  {r.QuoteHitAt3:0.000}  {r.QuoteMrr:0.000} | {r.PassageHitAt1,13:0.000}  {r.PassageHitAt3:0.000}  {r.PassageMrr:0.000} | {r.FootnoteCiteAccuracy,7:0.00} | {r.OffTopicRefused,8}/{r.OffTopic,-8} | {r.AnswerableRefused,9}/{r.Answerable}");
        }
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

    private static string Preview(string? s) => s is null ? "" : s.Length <= 160 ? s : s[..160] + "…";
}
