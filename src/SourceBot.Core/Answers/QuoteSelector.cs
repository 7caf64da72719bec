using System.Collections.Immutable;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;

namespace SourceBot.Core.Answers;

/// <summary>A verbatim excerpt of a passage: one to three whole, consecutive sentences.</summary>
public readonly record struct Quote(int FirstSentence, int LastSentence, string Text, int WordCount);

/// <summary>
/// Picks the sentences of a passage that answer a question: the sentence carrying most of the question's weight (its
/// footnotes count for half), grown by a neighbouring sentence while that adds question terms the quote lacks, or when the
/// chosen sentence leans on the one before it ("This", "However", "They" ...), and only while the quote stays within the word
/// limit. Whole sentences only, so the quote is verbatim and readable.
/// </summary>
public static partial class QuoteSelector
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(is|are|was|were)\s+(a|an|the|any)?\s*(person|people|persons|someone|anyone|individuals?|those|one|term|category)\s+(who|that|which|whose)\b|\b(is|are)\s+defined\s+as\b|\bdefined\s+(as|by)\b|\bdefines?\b|\brefers?\s+to\b|\bmeans\b|\bknown\s+as\b|\bdefinition\b|\bconnotes?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Definitional();

    /// <summary>The sentence model's probability from which a neighbouring sentence joins the quote.</summary>
    private const double LikelyAnswer = 0.3;

    /// <summary>Whether a sentence reads as a definition ("… is defined as …", "… refers to …").</summary>
    public static bool IsDefinitional(string sentence) => Definitional().IsMatch(sentence);

    private static readonly string[] LeaningOpeners =
    [
        "this", "these", "that", "those", "they", "it", "its", "he", "she", "his", "her", "their", "such", "however", "but",
        "thus", "therefore", "moreover", "furthermore", "also", "yet", "still", "instead", "nevertheless", "in addition",
        "as a result", "for example", "for instance", "even so", "second", "third", "finally", "likewise", "similarly",
    ];

    /// <param name="similarities">
    /// The question's embedding similarity to each sentence of the passage, when the engine has sentence embeddings: the
    /// sentence that answers is the one close in meaning and carrying the question's weighty words, not only the one that
    /// shares most words.
    /// </param>
    /// <param name="sentenceScores">
    /// The learned sentence model's score for each sentence (<see cref="Retrieval.SentenceFeatures"/>), when the engine has
    /// one: then it picks the sentence, and the rest of this method only grows the quote around it.
    /// </param>
    public static Quote Select(Query query, AnalyzedPassage passage, Corpus corpus, int maxWords, double[]? similarities = null, double[]? sentenceScores = null)
    {
        var sentences = passage.Sentences;
        if (sentences.Length == 0)
            return new Quote(0, 0, passage.Passage.Text, WordCounter.Count(passage.Passage.Text));


        double[] Weights(int s, HashSet<string> already)
        {
            var w = new double[query.Terms.Length];
            for (int t = 0; t < query.Terms.Length; t++)
            {
                if (already.Contains(query.Terms[t])) continue;
                if (Array.IndexOf(sentences[s].Terms, query.Terms[t]) >= 0) w[t] = query.Idf[t];
                else if (sentences[s].NoteTerms.Contains(query.Terms[t])) w[t] = query.Idf[t] * 0.5;
            }
            return w;
        }

        // A question asking what something is wants the sentence that defines it, even when another sentence shares
        // more of the question's other words.
        bool wantsDefinition = (query.Kind & QuestionKind.Define) != 0;
        int best = 0;
        double bestScore = -1;
        double total = Math.Max(query.TotalIdf, 1e-9);
        for (int s = 0; s < sentences.Length; s++)
        {
            double matched = Weights(s, []).Sum();
            // On one scale: the share of the question's weight the sentence carries, a bonus per shared word pair, and the
            // embedding similarity (a cosine) when there is one.
            double score = matched / total + 0.5 * query.BigramsIn(sentences[s].Terms) / Math.Max(1.0, query.Bigrams.Length);
            if (similarities is not null && s < similarities.Length) score += similarities[s];
            if (wantsDefinition && matched > 0 && Definitional().IsMatch(sentences[s].Text)) score += 1;
            if ((query.Kind & QuestionKind.When) != 0 && AnswerKinds.HasDate(sentences[s].Text)) score += 0.25;
            if ((query.Kind & QuestionKind.HowMany) != 0 && AnswerKinds.HasNumber(sentences[s].Text)) score += 0.25;
            if (sentenceScores is not null && s < sentenceScores.Length)
                score = sentenceScores[s] + (wantsDefinition && matched > 0 && Definitional().IsMatch(sentences[s].Text) ? 0.5 : 0);
            if (score > bestScore + 1e-9) { bestScore = score; best = s; }
        }

        int first = best, last = best, words = sentences[best].WordCount;
        var covered = new HashSet<string>(query.Terms.Where(t => Array.IndexOf(sentences[best].Terms, t) >= 0), StringComparer.Ordinal);
        if (first > 0 && LeansOnPrevious(sentences[first].Text) && words + sentences[first - 1].WordCount <= maxWords)
        {
            first--;
            words += sentences[first].WordCount;
            covered.UnionWith(sentences[first].Terms);
        }
        // "Why" questions are usually answered by the sentence after the one that names the matter, as is a short claim
        // or one the next sentence continues ("This is because ...").
        if (first == last && last + 1 < sentences.Length && words + sentences[last + 1].WordCount <= maxWords &&
            ((query.Kind & QuestionKind.Why) != 0 || sentences[last].WordCount < 20 || LeansOnPrevious(sentences[last + 1].Text)))
        {
            last++;
            words += sentences[last].WordCount;
            covered.UnionWith(sentences[last].Terms);
        }
        double threshold = 0.15 * Math.Max(query.TotalIdf, 1e-9);
        while (last - first < 2)
        {
            double gainBefore = first > 0 ? Weights(first - 1, covered).Sum() : -1;
            double gainAfter = last + 1 < sentences.Length ? Weights(last + 1, covered).Sum() : -1;
            bool before = gainBefore > gainAfter;
            double gain = Math.Max(gainBefore, gainAfter);
            // A neighbour the sentence model thinks likely to hold the answer joins too, whatever words it shares.
            double modelBefore = sentenceScores is not null && first > 0 ? sentenceScores[first - 1] : -1;
            double modelAfter = sentenceScores is not null && last + 1 < sentences.Length ? sentenceScores[last + 1] : -1;
            bool modelWants = Math.Max(modelBefore, modelAfter) >= LikelyAnswer;
            if (modelWants && gain < threshold) before = modelBefore > modelAfter;
            int candidate = before ? first - 1 : last + 1;
            if (candidate < 0 || candidate >= sentences.Length) break;
            if ((gain < threshold && !modelWants) || words + sentences[candidate].WordCount > maxWords) break;
            if (before) first--; else last++;
            words += sentences[candidate].WordCount;
            covered.UnionWith(sentences[candidate].Terms);
        }

        var text = passage.Passage.Text;
        int start = sentences[first].Span.Start;
        int end = sentences[last].Span.Start + sentences[last].Span.Length;
        return new Quote(first, last, text[start..end], words);
    }

    /// <summary>
    /// The footnotes behind a quote: those its sentences cite. When they cite none, the note on the sentence right after the
    /// quote or on the passage's closing sentence, because sources commonly put one note at the end of the run of sentences
    /// it supports; a note further inside the passage belongs to other sentences and is not borrowed.
    /// </summary>
    public static ImmutableArray<int> FootnotesFor(AnalyzedPassage passage, Quote quote)
    {
        var own = FootnoteMarkers.NumbersIn(quote.Text);
        if (!own.IsEmpty || passage.Sentences.Length == 0) return own;
        int next = quote.LastSentence + 1, last = passage.Sentences.Length - 1;
        if (next <= last && !passage.Sentences[next].Footnotes.IsEmpty) return [passage.Sentences[next].Footnotes[^1]];
        if (next <= last && !passage.Sentences[last].Footnotes.IsEmpty && passage.Sentences[next..last].All(s => s.Footnotes.IsEmpty))
            return [passage.Sentences[last].Footnotes[^1]];
        return [];
    }

    private static bool LeansOnPrevious(string sentence)
    {
        var lower = sentence.TrimStart('“', '"', '‘', '\'', '(', '•', ' ').ToLowerInvariant();
        foreach (var opener in LeaningOpeners)
        {
            if (lower.StartsWith(opener, StringComparison.Ordinal) && (lower.Length == opener.Length || !char.IsLetter(lower[opener.Length])))
                return true;
        }
        return false;
    }
}
