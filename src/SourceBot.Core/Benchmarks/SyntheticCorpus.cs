using System.Collections.Immutable;
using System.Text;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Benchmarks;

/// <summary>
/// Makes a corpus of any size for the benchmark: sources of 20 passages, sentences of pseudo-words drawn from a Zipf-like
/// vocabulary (so term statistics resemble prose), inline footnote markers and footnote lists. Seeded: the same size gives
/// the same corpus.
/// </summary>
public static class SyntheticCorpus
{
    public static KnowledgeBase Create(int passages, int seed = 42)
    {
        var random = new Random(seed);
        var vocabulary = Vocabulary(20_000, random);
        var cumulative = new double[vocabulary.Length];
        double sum = 0;
        for (int i = 0; i < vocabulary.Length; i++) { sum += 1.0 / (i + 1); cumulative[i] = sum; }
        string Word()
        {
            double x = random.NextDouble() * sum;
            int i = Array.BinarySearch(cumulative, x);
            return vocabulary[i < 0 ? ~i : i];
        }

        const int perSource = 20;
        var sources = new List<Source>();
        for (int s = 0; s * perSource < passages; s++)
        {
            var id = $"bench-{s:D5}";
            int count = Math.Min(perSource, passages - s * perSource);
            var list = ImmutableArray.CreateBuilder<Passage>();
            var notes = ImmutableArray.CreateBuilder<Footnote>();
            for (int p = 0; p < count; p++)
            {
                var text = new StringBuilder();
                int sentences = 2 + random.Next(5);
                for (int k = 0; k < sentences; k++)
                {
                    int words = 12 + random.Next(18);
                    var sentence = string.Join(' ', Enumerable.Range(0, words).Select(_ => Word()));
                    text.Append(char.ToUpperInvariant(sentence[0])).Append(sentence.AsSpan(1)).Append('.');
                    if (random.NextDouble() < 0.2)
                    {
                        int n = notes.Count + 1;
                        notes.Add(new Footnote(n, "See " + string.Join(' ', Enumerable.Range(0, 8).Select(_ => Word())) + "."));
                        text.Append('[').Append(n).Append(']');
                    }
                    text.Append(' ');
                }
                list.Add(new Passage(Source.PassageId(id, p + 1), id, text.ToString().Trim()));
            }
            var title = string.Join(' ', Enumerable.Range(0, 5).Select(_ => Word()));
            sources.Add(new Source(id, new SourceMetadata(char.ToUpperInvariant(title[0]) + title[1..], ["Ada Bench"], "Bench Press", "2024-01-01", null),
                list.ToImmutable(), notes.ToImmutable(), count + 1));
        }
        return new KnowledgeBase(sources);
    }

    /// <summary>Questions for the benchmark: a few words from random sentences of the corpus, in question form.</summary>
    public static List<string> Questions(KnowledgeBase knowledge, int count, int seed = 7)
    {
        var random = new Random(seed);
        var questions = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var p = knowledge.Passages[random.Next(knowledge.Passages.Length)];
            var words = FootnoteMarkers.Strip(p.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int start = random.Next(Math.Max(1, words.Length - 6));
            questions.Add("What about " + string.Join(' ', words.Skip(start).Take(3 + random.Next(4))).TrimEnd('.') + "?");
        }
        return questions;
    }

    private static string[] Vocabulary(int size, Random random)
    {
        const string consonants = "bcdfghjklmnprstvwz", vowels = "aeiou";
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            int syllables = 1 + random.Next(4);
            var sb = new StringBuilder();
            for (int k = 0; k < syllables; k++) sb.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            if (random.NextDouble() < 0.5) sb.Append(consonants[random.Next(consonants.Length)]);
            words.Add(sb.ToString());
        }
        return [.. words.Order(StringComparer.Ordinal)];
    }
}
