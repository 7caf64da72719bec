using System.Text.RegularExpressions;

namespace SourceBot.Core.Retrieval;

/// <summary>A question made from the sources themselves, with the passages that answer it (none for an off-topic one).</summary>
public sealed record SyntheticQuestion(string Text, IReadOnlySet<int> Answers);

/// <summary>
/// Makes training questions from the passages, so the ranker learns from the sources and nothing else. Real questions
/// share only some words with the sentence that answers them, in another order, wrapped in question phrasing, sometimes
/// naming the source or asking about something a footnote explains; so each synthetic question keeps a random part of a
/// sentence's (or a cited footnote's) content words, adds a question opening, and sometimes the source's author,
/// publisher or title. Some questions have most of their words swapped for words the sources never use: those have no
/// answer, which is what teaches the ranker to say so.
/// </summary>
public static partial class SyntheticQuestions
{
    private static readonly string[] Openings = ["What", "Why", "How", "Who", "Which", "Where", "What about", "Is it true that"];

    [GeneratedRegex(@"[\p{L}][\p{L}\p{N}'’-]*|\d[\d,.]*")]
    private static partial Regex Word();

    public static List<SyntheticQuestion> Generate(Corpus corpus, int seed, int maxQuestions)
    {
        var random = new Random(seed);
        var questions = new List<SyntheticQuestion>();
        var seeds = new List<(int Passage, string Text, bool FromFootnote)>();
        foreach (var p in corpus.Passages)
        {
            foreach (var s in p.Sentences)
            {
                if (s.Terms.Length >= 3) seeds.Add((p.Index, Knowledge.FootnoteMarkers.Strip(s.Text), false));
            }
        }
        // Footnote text answers through every passage that cites it.
        var citing = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var p in corpus.Passages)
        {
            var source = corpus.Knowledge.SourceOf(p.Passage);
            foreach (var n in p.Passage.FootnoteNumbers)
            {
                var f = source.FindFootnote(n);
                if (f is null) continue;
                var key = source.Id + "\u0000" + f.Text;
                if (!citing.TryGetValue(key, out var set)) citing[key] = set = [];
                set.Add(p.Index);
            }
        }
        var footnoteSeeds = citing.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();

        int budget = Math.Max(1, maxQuestions);
        // Small corpora get several questions per sentence (different words, openings and noise each time); large ones a
        // sample of their sentences, which bounds training time.
        int variants = Math.Clamp(budget * 8 / 10 / Math.Max(1, seeds.Count), 1, 4);
        var order = Enumerable.Range(0, seeds.Count).OrderBy(_ => random.Next()).ToList();
        if (order.Count > budget * 8 / 10) order = order.Take(budget * 8 / 10).ToList();
        order.Sort();
        order = [.. order.SelectMany(i => Enumerable.Repeat(i, variants))];

        var vocabulary = corpus.Passages.SelectMany(p => p.Sentences).SelectMany(x => Word().Matches(x.Text).Select(m => m.Value))
            .Where(w => w.Length > 3 && corpus.Analysis.Terms(w).Count > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var i in order)
        {
            var (passage, text, _) = seeds[i];
            var words = ContentWords(text, corpus);
            if (words.Count < 2) continue;
            var picked = Pick(words, random);
            if (random.NextDouble() < 0.3) Inflect(picked, random);
            // Real questions carry words the answering sentence lacks: some the sources use elsewhere, some they never use.
            if (random.NextDouble() < 0.5) picked.Insert(random.Next(picked.Count + 1), vocabulary[random.Next(vocabulary.Length)]);
            if (random.NextDouble() < 0.3) picked.Insert(random.Next(picked.Count + 1), PseudoWord(random));
            string prefix = Opening(random, corpus.Passages[passage].HasYear);
            string? meta = random.NextDouble() < 0.15 ? MetaWords(corpus, passage, random) : null;
            var question = meta is null ? $"{prefix} {string.Join(' ', picked)}?" : $"{prefix} {string.Join(' ', picked)} according to {meta}?";
            questions.Add(new SyntheticQuestion(question, new HashSet<int> { passage }));

            // An unanswerable question: mostly words no passage contains, perhaps with one word the sources do use.
            if (random.NextDouble() < 0.25)
            {
                int n = 1 + random.Next(3);
                var foreign = Enumerable.Range(0, n).Select(_ => PseudoWord(random)).ToList();
                if (random.NextDouble() < 0.7) foreign.Insert(random.Next(foreign.Count + 1), random.NextDouble() < 0.5 ? picked[0] : vocabulary[random.Next(vocabulary.Length)]);
                questions.Add(new SyntheticQuestion($"{prefix} {string.Join(' ', foreign)}?", new HashSet<int>()));
            }
        }

        foreach (var (key, passages) in footnoteSeeds)
        {
            if (questions.Count >= budget) break;
            var text = key[(key.IndexOf('\u0000') + 1)..];
            var words = ContentWords(text, corpus);
            if (words.Count < 2) continue;
            var picked = Pick(words, random);
            questions.Add(new SyntheticQuestion($"{Opening(random, false)} {string.Join(' ', picked)}?", passages));
        }
        return questions;
    }

    /// <summary>
    /// Moderator-taught questions as training questions (issue #5): each usable taught question answered by its passage, or
    /// by none for "not covered", repeated <paramref name="copies"/> times so a few real questions weigh against thousands of
    /// synthetic ones. Taught questions naming a passage that is hidden or gone are left out.
    /// </summary>
    public static List<SyntheticQuestion> FromTaught(Corpus corpus, int copies = 5)
    {
        var list = new List<SyntheticQuestion>();
        foreach (var t in corpus.Knowledge.UsableTaughtQuestions)
        {
            IReadOnlySet<int> answers;
            if (t.PassageId is null) answers = new HashSet<int>();
            else if (corpus.IndexOf(t.PassageId) is int i) answers = new HashSet<int> { i };
            else continue;
            for (int c = 0; c < copies; c++) list.Add(new SyntheticQuestion(t.Question, answers));
        }
        return list;
    }

    private static List<string> ContentWords(string text, Corpus corpus)
    {
        var words = new List<string>();
        foreach (Match m in Word().Matches(text))
        {
            if (corpus.Analysis.Terms(m.Value).Count > 0) words.Add(m.Value);
        }
        return words;
    }

    /// <summary>A random share (20 to 60 per cent, at least two, at most six) of the words, in their order.</summary>
    private static List<string> Pick(List<string> words, Random random)
    {
        int k = Math.Clamp((int)Math.Round(words.Count * (0.2 + 0.4 * random.NextDouble())), 2, 6);
        k = Math.Min(k, words.Count);
        var chosen = Enumerable.Range(0, words.Count).OrderBy(_ => random.Next()).Take(k).Order().ToList();
        var picked = chosen.Select(i => words[i]).ToList();
        // Questions rarely follow the sentence's order exactly.
        if (picked.Count > 2 && random.NextDouble() < 0.5)
        {
            int a = random.Next(picked.Count), b = random.Next(picked.Count);
            (picked[a], picked[b]) = (picked[b], picked[a]);
        }
        return picked;
    }

    private static readonly string[] Suffixes = ["", "s", "ing", "ed", "ion", "ers", "al", "ly"];

    /// <summary>Changes one word's ending ("crossing" to "crossers"), as people ask with other forms of a word than the text's.</summary>
    private static void Inflect(List<string> words, Random random)
    {
        int i = random.Next(words.Count);
        var w = words[i];
        if (w.Length < 6 || !char.IsLower(w[0])) return;
        string stem = w;
        foreach (var suffix in new[] { "ation", "ing", "ion", "ers", "ed", "es", "al", "ly", "s" })
        {
            if (w.EndsWith(suffix, StringComparison.Ordinal) && w.Length - suffix.Length >= 4) { stem = w[..^suffix.Length]; break; }
        }
        words[i] = stem + Suffixes[random.Next(Suffixes.Length)];
    }

    private static string Opening(Random random, bool hasYear)
    {
        if (hasYear && random.NextDouble() < 0.4) return random.NextDouble() < 0.5 ? "When did" : "In what year";
        if (random.NextDouble() < 0.08) return "How many";
        return Openings[random.Next(Openings.Length)];
    }

    private static string MetaWords(Corpus corpus, int passage, Random random)
    {
        var m = corpus.Knowledge.SourceOf(corpus.Passages[passage].Passage).Metadata;
        var options = new List<string>();
        if (!m.Authors.IsDefaultOrEmpty) options.Add(m.Authors[random.Next(m.Authors.Length)].Split(' ')[^1]);
        if (m.Publisher is not null) options.Add("the " + m.Publisher);
        options.Add("the article " + string.Join(' ', m.Title.Split(' ').Take(4)));
        return options[random.Next(options.Count)];
    }

    private static string PseudoWord(Random random)
    {
        const string consonants = "bcdfghjklmnprstvz", vowels = "aeiou";
        var chars = new char[6 + random.Next(4)];
        for (int i = 0; i < chars.Length; i++) chars[i] = i % 2 == 0 ? consonants[random.Next(consonants.Length)] : vowels[random.Next(vowels.Length)];
        return "q" + new string(chars);
    }
}
