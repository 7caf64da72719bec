using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SourceBot.Core.Answers;

namespace SourceBot.Cli;

/// <summary>The answer's JSON shape for `ask --json`: one object per question, stable field names.</summary>
public sealed record AnswerJson(
    string Question,
    bool Answered,
    string? Quote,
    IReadOnlyList<FootnoteJson> Footnotes,
    string? Citation,
    string? Url,
    string? SourceId,
    string? PassageId,
    string? PassageText,
    double Score,
    IReadOnlyList<AlternativeJson> Alternatives,
    string Reason,
    IReadOnlyList<string> NearestTopics);

public sealed record FootnoteJson(int Number, string Text);

public sealed record AlternativeJson(string PassageId, string Quote, double Score);

/// <summary>Renders an <see cref="Answer"/> for the terminal, as text for people or as one JSON line for programs.</summary>
public static class AnswerFormatter
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static AnswerJson ToJson(Answer a) => new(
        a.Question,
        a.Answered,
        a.Quote,
        [.. a.Footnotes.Select(f => new FootnoteJson(f.Number, f.Text))],
        a.Citation?.ToString(),
        a.Citation?.Url,
        a.SourceId,
        a.PassageId,
        a.PassageText,
        a.Score,
        [.. a.Alternatives.Select(x => new AlternativeJson(x.PassageId, x.Quote, x.Score))],
        a.Reason,
        [.. a.NearestTopics]);

    public static string JsonLine(Answer a) => JsonSerializer.Serialize(ToJson(a), Json);

    public static string Text(Answer a)
    {
        var sb = new StringBuilder();
        if (!a.Answered)
        {
            sb.AppendLine(a.Reason);
            if (a.NearestTopics.Length > 0)
            {
                sb.AppendLine();
                sb.AppendLine("Closest topics the sources do cover:");
                foreach (var t in a.NearestTopics) sb.Append("  - ").AppendLine(t);
            }
            return sb.ToString();
        }
        sb.Append('“').Append(a.Quote).AppendLine("”");
        AppendFootnotesAndCitation(sb, a.Footnotes, a.Citation);
        sb.Append("  passage ").Append(a.PassageId).Append(", score ").Append(a.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        if (a.Alternatives.Length > 0) sb.Append(", also see ").Append(string.Join(", ", a.Alternatives.Select(x => x.PassageId)));
        sb.AppendLine();
        return sb.ToString();
    }

    /// <summary>What follows a quote or a whole passage: its footnotes (when any), then the citation and the source's url.</summary>
    internal static void AppendFootnotesAndCitation(StringBuilder sb, ImmutableArray<FootnoteRef> footnotes, Citation? citation)
    {
        if (footnotes.Length > 0)
        {
            sb.AppendLine();
            foreach (var f in footnotes) sb.Append("  [").Append(f.Number).Append("] ").AppendLine(f.Text);
        }
        sb.AppendLine();
        sb.Append("— ").AppendLine(citation?.ToString());
        if (citation?.Url is { } url) sb.Append("  ").AppendLine(url);
    }
}
