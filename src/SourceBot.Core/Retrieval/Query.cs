using System.Text.RegularExpressions;

namespace SourceBot.Core.Retrieval;

/// <summary>What kind of fact a question asks for, from its wording; a weak signal the ranker learns how far to trust.</summary>
[Flags]
public enum QuestionKind
{
    None = 0,
    When = 1,
    HowMany = 2,
    Who = 4,
    Why = 8,
    Define = 16,
}

/// <summary>A question analysed once: its distinct terms with their idf in the corpus, its term pairs, its kind.</summary>
public sealed partial class Query
{
    /// <param name="text">The cleaned question.</param>
    /// <param name="corpus">The corpus it is asked of.</param>
    /// <param name="embedding">The question's sentence-embedding vector (unit length), when the engine has an embedder.</param>
    /// <param name="withoutSource">
    /// Training only: read the question as if the source with this index were not in the corpus (its words unknown unless
    /// another source has them), to make an off-topic question out of one the source answers.
    /// </param>
    public Query(string text, Corpus corpus, float[]? embedding = null, int? withoutSource = null)
    {
        Text = text;
        Embedding = embedding;
        var terms = corpus.Analysis.Terms(text);
        Terms = [.. terms.Distinct(StringComparer.Ordinal).Take(64)];
        Idf = [.. Terms.Select(corpus.Idf)];
        TotalIdf = Idf.Sum();
        KnownIdf = Terms.Select((t, i) => (withoutSource is { } s ? corpus.ContainsOutside(t, s) : corpus.Contains(t)) ? Idf[i] : 0).Sum();
        UnknownTermShare = Terms.Length == 0 ? 1 : Terms.Count(t => !(withoutSource is { } s ? corpus.ContainsOutside(t, s) : corpus.Contains(t))) / (double)Terms.Length;
        var pairs = new HashSet<(string, string)>();
        for (int i = 1; i < terms.Count; i++) pairs.Add((terms[i - 1], terms[i]));
        Bigrams = [.. pairs];
        Kind = Classify(text);
        AskedFor = AskedForOf(text);
        Vector = corpus.Vectors.Vectorize(text);
    }

    /// <summary>The question's sentence-embedding vector, or null when the engine runs without an embedder.</summary>
    public float[]? Embedding { get; }

    /// <summary>Share of the question's terms (by count, not weight) that no passage uses.</summary>
    public double UnknownTermShare { get; }

    /// <summary>The question as an ML.NET text vector, comparable with the passages' (<see cref="TextVectors"/>).</summary>
    public SparseVector Vector { get; }

    public string Text { get; }
    public string[] Terms { get; }
    public double[] Idf { get; }
    public double TotalIdf { get; }

    /// <summary>The idf mass of the question's terms that occur somewhere in the sources.</summary>
    public double KnownIdf { get; }

    public (string, string)[] Bigrams { get; }

    /// <summary>How many of the question's term pairs occur, adjacent and in order, in <paramref name="terms"/>.</summary>
    public int BigramsIn(string[] terms)
    {
        int hits = 0;
        foreach (var (a, b) in Bigrams)
        {
            for (int k = 1; k < terms.Length; k++)
            {
                if (terms[k - 1] == a && terms[k] == b) { hits++; break; }
            }
        }
        return hits;
    }
    public QuestionKind Kind { get; }

    /// <summary>
    /// What the question asks for by its opening ("When …", "How many …", "Who …", "In what year …"): stricter than
    /// <see cref="Kind"/>, which also counts a "when" inside the question ("what is it called when …").
    /// </summary>
    public QuestionKind AskedFor { get; }

    public bool IsEmpty => Terms.Length == 0;

    /// <summary>Share of the question's weight the sources' vocabulary covers (0 when nothing of it is known).</summary>
    public double VocabularyCoverage => TotalIdf <= 0 ? 0 : KnownIdf / TotalIdf;

    private static QuestionKind Classify(string text)
    {
        var kind = QuestionKind.None;
        if (WhenPattern().IsMatch(text)) kind |= QuestionKind.When;
        if (HowManyPattern().IsMatch(text)) kind |= QuestionKind.HowMany;
        if (WhoPattern().IsMatch(text)) kind |= QuestionKind.Who;
        if (WhyPattern().IsMatch(text)) kind |= QuestionKind.Why;
        if (DefinePattern().IsMatch(text)) kind |= QuestionKind.Define;
        return kind;
    }

    private static QuestionKind AskedForOf(string text)
    {
        var kind = QuestionKind.None;
        if (AsksWhen().IsMatch(text)) kind |= QuestionKind.When;
        if (AsksHowMany().IsMatch(text)) kind |= QuestionKind.HowMany;
        if (AsksWho().IsMatch(text)) kind |= QuestionKind.Who;
        return kind;
    }

    [GeneratedRegex(@"^\W*(when\b|(in|during|by|since|until|from)?\s*(what|which)\s+(year|date|day|month|decade|century|era|period)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AsksWhen();

    [GeneratedRegex(@"^\W*(how\s+(many|much)\b|(what|which)\s+(number|percentage|percent|amount)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AsksHowMany();

    [GeneratedRegex(@"^\W*(who|whom|whose)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksWho();

    [GeneratedRegex(@"\b(when|what year|which year|what date|since when|how long ago)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhenPattern();

    [GeneratedRegex(@"\b(how many|how much|what number|what percentage|how large|what share|estimated? number)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowManyPattern();

    [GeneratedRegex(@"\b(who|whom|whose|which (organi[sz]ation|agency|country|group))\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhoPattern();

    [GeneratedRegex(@"\b(why|reason|because)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhyPattern();

    [GeneratedRegex(@"\b(define|definition|meaning of|what is an?|what are|what does .* mean|term)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DefinePattern();
}
