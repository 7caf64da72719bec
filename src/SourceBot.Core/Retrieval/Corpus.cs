using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Text;

namespace SourceBot.Core.Retrieval;

/// <summary>A sentence of a passage with its analysed terms and the footnotes it cites.</summary>
public sealed record AnalyzedSentence(SentenceSpan Span, string Text, string[] Terms, ImmutableArray<int> Footnotes, int WordCount)
{
    /// <summary>How often each term occurs in the sentence.</summary>
    public required Dictionary<string, int> Tf { get; init; }

    /// <summary>The terms of the footnotes this sentence cites.</summary>
    public required HashSet<string> NoteTerms { get; init; }
}

/// <summary>
/// A passage prepared for ranking: its sentences, the terms of its body, of the footnotes it cites and of its source's
/// metadata, computed once at build time so that answering only looks things up.
/// </summary>
public sealed partial class AnalyzedPassage
{
    public AnalyzedPassage(int index, Passage passage, Source source, TextAnalysis analysis)
    {
        Index = index;
        Passage = passage;
        var sentences = new List<AnalyzedSentence>();
        foreach (var span in SentenceSplitter.Split(passage.Text))
        {
            var text = span.Of(passage.Text);
            var plain = FootnoteMarkers.Strip(text);
            var terms = analysis.Terms(plain).ToArray();
            var notes = FootnoteMarkers.NumbersIn(text);
            sentences.Add(new AnalyzedSentence(span, text, terms, notes, WordCounter.Count(plain))
            {
                Tf = Count(terms),
                NoteTerms = notes.Select(n => source.FindFootnote(n)?.Text).Where(t => t is not null)
                    .SelectMany(t => analysis.Terms(t!)).ToHashSet(StringComparer.Ordinal),
            });
        }
        Sentences = [.. sentences];
        BodyTerms = [.. sentences.SelectMany(s => s.Terms)];
        BodyTf = Count(BodyTerms);
        NotesText = string.Join(" ", passage.FootnoteNumbers.Select(n => source.FindFootnote(n)?.Text).Where(t => t is not null));
        NoteTf = Count(analysis.Terms(NotesText));
        var m = source.Metadata;
        MetaText = string.Join(" ", new[] { m.Title, string.Join(" ", m.Authors), m.Publisher, Acronym(m.Publisher) }.Where(t => !string.IsNullOrEmpty(t)));
        MetaTerms = [.. analysis.Terms(MetaText).Distinct(StringComparer.Ordinal)];
        PlainText = FootnoteMarkers.Strip(passage.Text);
        HasYear = YearPattern().IsMatch(PlainText);
        HasNumber = NumberPattern().IsMatch(PlainText);
    }

    public int Index { get; }
    public Passage Passage { get; }

    /// <summary>The passage's text without footnote markers.</summary>
    public string PlainText { get; }
    public ImmutableArray<AnalyzedSentence> Sentences { get; }
    public string[] BodyTerms { get; }
    public Dictionary<string, int> BodyTf { get; }
    public string NotesText { get; }
    public Dictionary<string, int> NoteTf { get; }
    public string MetaText { get; }
    public string[] MetaTerms { get; }
    public bool HasYear { get; }
    public bool HasNumber { get; }


    /// <summary>
    /// The initials of a name's capitalised words ("Peterson Institute for International Economics" gives "PIIE"), since
    /// people name publishers by their acronyms.
    /// </summary>
    public static string? Acronym(string? name)
    {
        if (name is null) return null;
        var initials = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsUpper(w[0])).Select(w => w[0]).ToArray();
        return initials.Length >= 2 ? new string(initials) : null;
    }

    private static Dictionary<string, int> Count(IEnumerable<string> terms)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in terms) d[t] = d.GetValueOrDefault(t) + 1;
        return d;
    }

    [GeneratedRegex(@"\b(1[5-9]\d\d|20\d\d)\b")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"\d|\b(hundred|thousand|million|billion|dozen|percent)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberPattern();
}

/// <summary>Word counts as a reader counts them: runs of letters or digits.</summary>
public static partial class WordCounter
{
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")]
    private static partial Regex Word();

    public static int Count(string text) => Word().Count(text);
}

/// <summary>All visible passages, analysed, with the document frequencies the scores need.</summary>
public sealed class Corpus
{
    private readonly Dictionary<string, int> _docFreq = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _indexById = new(StringComparer.Ordinal);

    // For each term, the one source that uses it, or ManySources.
    private readonly Dictionary<string, int> _termSource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sourceIndex = new(StringComparer.Ordinal);
    private const int ManySources = -1;

    public Corpus(KnowledgeBase knowledge, TextAnalysis analysis)
    {
        Knowledge = knowledge;
        Analysis = analysis;
        var passages = new AnalyzedPassage[knowledge.Passages.Length];
        for (int i = 0; i < passages.Length; i++)
        {
            var p = knowledge.Passages[i];
            passages[i] = new AnalyzedPassage(i, p, knowledge.SourceOf(p), analysis);
            _indexById[p.Id] = i;
        }
        Passages = passages;
        // Sources numbered in the order their first passage appears.
        foreach (var p in knowledge.Passages) _sourceIndex.TryAdd(p.SourceId, _sourceIndex.Count);
        long bodyLength = 0, sentenceCount = 0, sentenceLength = 0;
        foreach (var p in passages)
        {
            int source = SourceIndexOf(p);
            foreach (var t in p.BodyTf.Keys.Concat(p.NoteTf.Keys).Concat(p.MetaTerms).Distinct(StringComparer.Ordinal))
            {
                _docFreq[t] = _docFreq.GetValueOrDefault(t) + 1;
                _termSource[t] = _termSource.TryGetValue(t, out var seen) && seen != source ? ManySources : source;
            }
            bodyLength += p.BodyTerms.Length;
            foreach (var s in p.Sentences) { sentenceCount++; sentenceLength += s.Terms.Length; }
        }
        AverageBodyLength = passages.Length == 0 ? 1 : Math.Max(1, bodyLength / (double)passages.Length);
        AverageSentenceLength = sentenceCount == 0 ? 1 : Math.Max(1, sentenceLength / (double)sentenceCount);
        MaxIdf = Math.Log(1 + (passages.Length + 0.5) / 0.5);
        BodyNorms = new double[passages.Length];
        for (int i = 0; i < passages.Length; i++)
        {
            double sum = 0;
            foreach (var (term, f) in passages[i].BodyTf)
            {
                double w = (1 + Math.Log(f)) * Idf(term);
                sum += w * w;
            }
            BodyNorms[i] = Math.Sqrt(Math.Max(sum, 1e-9));
        }
        Vectors = new TextVectors([.. passages.Select(p => p.PlainText + "\n" + p.NotesText)], seed: 1);
    }

    /// <summary>ML.NET TF-IDF word and character-trigram vectors of the passages.</summary>
    public TextVectors Vectors { get; }

    /// <summary>Length of each passage body's sublinear tf-idf vector, for cosine similarity.</summary>
    public double[] BodyNorms { get; }

    public KnowledgeBase Knowledge { get; }
    public TextAnalysis Analysis { get; }
    public AnalyzedPassage[] Passages { get; }
    public double AverageBodyLength { get; }
    public double AverageSentenceLength { get; }

    /// <summary>The idf of a term found in no passage: what a word the sources never use weighs.</summary>
    public double MaxIdf { get; }

    public bool Contains(string term) => _docFreq.ContainsKey(term);

    /// <summary>Whether a source other than the one with index <paramref name="source"/> uses the term.</summary>
    public bool ContainsOutside(string term, int source) => _termSource.TryGetValue(term, out var s) && s != source;

    /// <summary>The index of a passage's source among the knowledge's sources.</summary>
    public int SourceIndexOf(AnalyzedPassage passage) => _sourceIndex[passage.Passage.SourceId];

    /// <summary>BM25's idf (Lucene's form); a term no passage has gets <see cref="MaxIdf"/>.</summary>
    public double Idf(string term)
    {
        int df = _docFreq.GetValueOrDefault(term);
        return Math.Log(1 + (Passages.Length - df + 0.5) / (df + 0.5));
    }

    public int? IndexOf(string passageId) => _indexById.TryGetValue(passageId, out var i) ? i : null;
}
