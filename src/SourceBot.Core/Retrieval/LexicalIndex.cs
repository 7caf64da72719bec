using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Analysis.TokenAttributes;
using SourceBot.Core.Text;

namespace SourceBot.Core.Retrieval;

/// <summary>A scored hit of the lexical index: the document's position in the list it was built from.</summary>
public readonly record struct LexicalHit(int Document, double Score);

/// <summary>
/// Lucene BM25 (k1 = 1.2, b = 0.75) over a list of texts, held in memory. Search is thread-safe.
/// </summary>
public sealed class LexicalIndex : IDisposable
{
    private const string Ordinal = "ordinal";
    private const int MaxQueryTerms = 64;
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer;
    private readonly int[] _ordinals;
    private readonly float[] _boosts;

    /// <summary>One text per document, searched as one field.</summary>
    public LexicalIndex(IReadOnlyList<string> texts, Analyzer analyzer)
        : this([.. texts.Select(t => new[] { t })], [1f], analyzer)
    {
    }

    /// <summary>
    /// Several fields per document (e.g. body, cited footnotes, source metadata), each scored by BM25 on its own statistics
    /// and summed with its boost, so a long footnote or a title shared by a whole source does not drown the body's terms.
    /// </summary>
    public LexicalIndex(IReadOnlyList<string[]> documents, float[] boosts, Analyzer analyzer)
    {
        _analyzer = analyzer;
        _boosts = boosts;
        var similarity = new BM25Similarity(1.2f, 0.75f);
        var config = new IndexWriterConfig(TextAnalysis.Version, analyzer) { Similarity = similarity, OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(_directory, config))
        {
            for (int i = 0; i < documents.Count; i++)
            {
                var document = new Document { new StoredField(Ordinal, i) };
                for (int f = 0; f < boosts.Length; f++) document.Add(new TextField(FieldName(f), documents[i][f], Field.Store.NO));
                writer.AddDocument(document);
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = similarity };
        // Lucene's internal doc ids follow insertion order for a single-writer build; keep an explicit map anyway.
        _ordinals = new int[_reader.MaxDoc];
        for (int d = 0; d < _reader.MaxDoc; d++) _ordinals[d] = _reader.Document(d).GetField(Ordinal).GetInt32Value() ?? d;
    }

    public int Count => _reader.NumDocs;

    /// <summary>The bytes of the in-memory index files.</summary>
    internal long SizeInBytes => _directory.GetSizeInBytes();

    public IReadOnlyList<LexicalHit> Search(string query, int top)
    {
        return SearchTerms(AnalyzeDistinct(query), top);
    }

    /// <summary>Searches with terms already analysed the way the index was (distinct, at most 64 used).</summary>
    public IReadOnlyList<LexicalHit> SearchTerms(IReadOnlyList<string> terms, int top)
    {
        if (terms.Count == 0 || top <= 0) return [];
        if (terms.Count > MaxQueryTerms) terms = [.. terms.Take(MaxQueryTerms)];
        var boolean = new BooleanQuery();
        foreach (var t in terms)
        {
            for (int f = 0; f < _boosts.Length; f++)
                boolean.Add(new TermQuery(new Term(FieldName(f), t)) { Boost = _boosts[f] }, Occur.SHOULD);
        }
        var docs = _searcher.Search(boolean, Math.Min(top, Math.Max(1, _reader.MaxDoc)));
        var hits = new List<LexicalHit>(docs.ScoreDocs.Length);
        foreach (var sd in docs.ScoreDocs) hits.Add(new LexicalHit(_ordinals[sd.Doc], sd.Score));
        return hits;
    }

    private List<string> AnalyzeDistinct(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        using var stream = _analyzer.GetTokenStream(FieldName(0), new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && list.Count < MaxQueryTerms)
        {
            var t = term.ToString();
            if (seen.Add(t)) list.Add(t);
        }
        stream.End();
        return list;
    }

    private static string FieldName(int field) => field == 0 ? "text" : "text" + field;

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
