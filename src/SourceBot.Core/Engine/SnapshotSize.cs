using SourceBot.Core.Retrieval;

namespace SourceBot.Core.Engine;

/// <summary>
/// What an <see cref="EngineSnapshot"/> holds in memory, estimated part by part in bytes from its contents: counted are the
/// large arrays and strings, not object headers, dictionaries or ML.NET's pipeline objects.
/// </summary>
/// <param name="EmbeddingVectors">Every passage and sentence embedding: 4 bytes a float.</param>
/// <param name="TextVectors">The passages' sparse TF-IDF vectors: an index and a value per non-zero.</param>
/// <param name="Text">The knowledge's text (passages, footnotes, metadata) and its analysis (plain text, sentences, terms): 2 bytes a character.</param>
/// <param name="LexicalIndex">The in-memory Lucene index files.</param>
/// <param name="Trees">The split nodes and leaves of the ranker's, decline and sentence models.</param>
internal sealed record SnapshotSize(long EmbeddingVectors, long TextVectors, long Text, long LexicalIndex, long Trees)
{
    public long Total => EmbeddingVectors + TextVectors + Text + LexicalIndex + Trees;

    public static SnapshotSize Of(Ranker ranker)
    {
        var corpus = ranker.Corpus;
        long embeddings = 0;
        if (ranker.Dense is { } dense)
        {
            foreach (var v in dense.Passages) embeddings += (long)v.Length * sizeof(float);
            foreach (var sentences in dense.Sentences)
                foreach (var v in sentences) embeddings += (long)v.Length * sizeof(float);
        }
        var models = ranker.Models;
        long trees = models.Reranker.EstimatedBytes + models.Answerability.EstimatedBytes + (models.Sentences?.EstimatedBytes ?? 0);
        return new SnapshotSize(embeddings, corpus.Vectors.VectorBytes, TextCharacters(corpus) * sizeof(char), ranker.IndexBytes, trees);
    }

    private static long TextCharacters(Corpus corpus)
    {
        long chars = 0;
        foreach (var source in corpus.Knowledge.Sources)
        {
            var m = source.Metadata;
            chars += m.Title.Length + (m.Authors.IsDefault ? 0 : m.Authors.Sum(a => (long)a.Length)) + (m.Publisher?.Length ?? 0) + (m.Date?.Length ?? 0) + (m.Url?.Length ?? 0);
            foreach (var p in source.Passages) chars += p.Id.Length + p.Text.Length;
            if (!source.Footnotes.IsDefault) chars += source.Footnotes.Sum(f => (long)f.Text.Length);
        }
        foreach (var t in corpus.Knowledge.TaughtQuestions) chars += t.Question.Length;
        foreach (var p in corpus.Passages)
        {
            chars += p.PlainText.Length + p.NotesText.Length + p.MetaText.Length;
            foreach (var s in p.Sentences)
            {
                chars += s.Text.Length;
                foreach (var term in s.Terms) chars += term.Length;
            }
        }
        return chars;
    }
}
