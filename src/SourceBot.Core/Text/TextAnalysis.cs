using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace SourceBot.Core.Text;

/// <summary>
/// Turns text into index terms: Lucene's English analysis (standard tokenizer, possessives, lower case, Porter stemming)
/// with a stop list that also removes the words of question phrasing ("what", "does", "explain"), which say how something
/// is asked, not what about. The same analysis is used for passages and questions, so their terms meet.
/// </summary>
public sealed class TextAnalysis : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>General English function words and question phrasing; nothing here is about any corpus.</summary>
    private static readonly string[] QuestionWords =
    [
        "what", "whats", "when", "where", "who", "whom", "whose", "which", "why", "how", "do", "does", "did", "doing", "done",
        "can", "could", "would", "should", "may", "might", "must", "shall", "has", "have", "had", "having", "i", "you", "he",
        "she", "we", "me", "my", "your", "our", "us", "its", "his", "her", "them", "those", "about", "from", "so", "than", "too",
        "very", "also", "just", "been", "being", "were", "am", "any", "some", "all", "each", "much", "tell", "explain",
        "describe", "please", "according", "say", "says", "said", "mean", "means", "meant", "know", "happen", "happens",
        "happened", "between", "did", "get", "gets", "got", "there", "here", "one", "ones", "out", "up", "over", "only",
        "s", "t", "don", "doesn", "didn", "isn", "aren", "wasn", "weren", "ve", "re", "ll", "d",
    ];

    private readonly Analyzer _analyzer;

    public TextAnalysis()
    {
        var stops = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + QuestionWords.Length, ignoreCase: true);
        foreach (var w in EnglishAnalyzer.DefaultStopSet) stops.Add(w);
        foreach (var w in QuestionWords) stops.Add(w);
        _analyzer = new EnglishAnalyzer(Version, stops);
    }

    /// <summary>The analyzer, for building Lucene indexes and queries with the same terms.</summary>
    public Analyzer Analyzer => _analyzer;

    public List<string> Terms(string text)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream("body", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }

    public void Dispose() => _analyzer.Dispose();
}
