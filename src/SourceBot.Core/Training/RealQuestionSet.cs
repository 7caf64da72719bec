using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Training;

/// <summary>A question a person wrote about a passage of the training articles, and that passage's id.</summary>
internal sealed record RealQuestion(
    [property: JsonPropertyName("q")] string Question,
    [property: JsonPropertyName("passage")] string PassageId,
    [property: JsonPropertyName("expect")] IReadOnlyList<string>? Expect);

/// <summary>
/// The real questions the ranker learns from (Training/squad-train, shipped next to the binaries): the articles as knowledge
/// and the questions with their gold passage. A cap takes whole articles in order, so that every question keeps the other
/// articles to be asked of as an off-topic question.
/// </summary>
internal sealed record RealQuestionSet(KnowledgeBase Knowledge, IReadOnlyList<RealQuestion> Questions, string Hash)
{
    /// <summary>Where the build puts the training data: Training/squad-train beside the assembly.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Training", "squad-train");

    public static RealQuestionSet Load(string folder, int maxQuestions)
    {
        var pairsPath = Path.Combine(folder, "pairs.jsonl");
        var knowledgePath = Path.Combine(folder, "knowledge");
        if (!File.Exists(pairsPath) || !Directory.Exists(knowledgePath))
            throw new KnowledgeFormatException($"The ranker's training questions are missing: expected {pairsPath} and {knowledgePath} (they ship with SourceBot under Training/squad-train; set SourceBot:Engine:TrainingDataPath if they were moved).");
        var all = KnowledgeDirectory.Load(knowledgePath);
        var questions = new List<RealQuestion>();
        int line = 0;
        foreach (var text in File.ReadLines(pairsPath))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            RealQuestion? q;
            try
            {
                q = JsonSerializer.Deserialize<RealQuestion>(text);
            }
            catch (JsonException e)
            {
                throw new KnowledgeFormatException($"{pairsPath}:{line}: not a training question ({e.Message}).");
            }
            if (q is null || string.IsNullOrWhiteSpace(q.Question) || all.FindPassage(q.PassageId ?? "") is null)
                throw new KnowledgeFormatException($"{pairsPath}:{line}: needs \"q\" and a \"passage\" id of {knowledgePath}.");
            questions.Add(q);
        }

        // Whole articles in order, until the cap: every question keeps other articles around it.
        var bySource = questions.GroupBy(q => all.FindPassage(q.PassageId)!.SourceId).ToList();
        var keptSources = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<RealQuestion>();
        foreach (var group in bySource)
        {
            if (kept.Count >= maxQuestions && keptSources.Count >= 2) break;
            keptSources.Add(group.Key);
            kept.AddRange(group.Take(Math.Max(0, maxQuestions - kept.Count)));
        }
        var knowledge = keptSources.Count == all.Sources.Length ? all : new KnowledgeBase(all.Sources.Where(s => keptSources.Contains(s.Id)));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(knowledge.Hash));
        foreach (var q in kept) sha.AppendData(System.Text.Encoding.UTF8.GetBytes(q.Question + "\u0000" + q.PassageId + "\n"));
        return new RealQuestionSet(knowledge, kept, Convert.ToHexStringLower(sha.GetHashAndReset())[..16]);
    }
}
