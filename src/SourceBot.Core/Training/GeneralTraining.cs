using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Answers;
using SourceBot.Core.Embeddings;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Text;

namespace SourceBot.Core.Training;

/// <summary>
/// Turns the real questions (<see cref="RealQuestionSet"/>) into training rows, computed against the training articles the
/// same way answering computes them against the loaded sources:
/// <list type="bullet">
/// <item>ranker rows: each question with its candidates, the gold passage the positive;</item>
/// <item>decline rows: each question asked of all the articles (answerable), the same question asked as if its own article
/// were missing (the way an off-topic question reaches a corpus without its subject), and junk input (not a question).</item>
/// </list>
/// The rows depend only on the training data, the embedder and this code, so they are cached on disk under their hash and
/// made once per machine.
/// </summary>
internal static class GeneralTraining
{
    private const string Version = "general-5";
    private const string Magic = "SBTRAIN3";
    private const int JunkCount = 600;

    public static string HashOf(RealQuestionSet set, ITextEmbedder? embedder, int seed, int candidateCount) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{Version}|{Ranker.ModelVersion}|{PairFeatures.Count}|{DeclineFeatures.Count}|{SentenceFeatures.Count}|{set.Hash}|{embedder?.ModelId ?? "none"}|{seed}|{candidateCount}")))[..16];

    /// <summary>The rows for <paramref name="set"/>: read from <paramref name="cacheFolder"/> when made before, else made and stored there.</summary>
    public static TrainingRows Load(RealQuestionSet set, ITextEmbedder? embedder, VectorCache? vectors, string cacheFolder, int seed, int candidateCount,
        ILogger logger, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        var hash = HashOf(set, embedder, seed, candidateCount);
        var path = Path.Combine(cacheFolder, "training", hash + ".rows");
        if (TryRead(path, hash) is { } cached) return cached;
        logger.LogInformation("Computing the ranker's training rows from {Questions} real questions over {Passages} passages of other articles (once; cached in {Path})",
            set.Questions.Count, set.Knowledge.Passages.Length, path);
        var rows = Build(set, embedder, vectors, seed, candidateCount, progress, cancellationToken) with { Hash = hash };
        TryWrite(path, rows, logger);
        return rows;
    }

    /// <summary>A question's candidates and their features, kept until the fold rankers can score them.</summary>
    private sealed record Asked(Query Query, List<Candidate> Candidates, float[][] Rows, int Fold, bool Answerable, bool AsAsked);

    private static TrainingRows Build(RealQuestionSet set, ITextEmbedder? embedder, VectorCache? vectors, int seed, int candidateCount,
        IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        using var analysis = new TextAnalysis();
        var corpus = new Corpus(set.Knowledge, analysis);
        using var index = Ranker.BuildIndex(corpus);
        PassageEmbeddings? dense = null;
        float[][]? questionVectors = null, junkVectors = null;
        var junk = JunkQuestions.Generate(corpus, seed, JunkCount);
        // People also ask in bare keywords ("@SourceBot songbun"): each question is asked a second time as its two
        // weightiest words, so neither model learns that a short question is junk.
        var texts = set.Questions.Select(q => QuestionText.Clean(q.Question)).ToList();
        texts.AddRange(texts.Select(t => Keywords(t, corpus)).ToList());
        if (embedder is not null && vectors is not null)
        {
            dense = PassageEmbeddings.Build(corpus, embedder, vectors, progress, cancellationToken);
            questionVectors = vectors.GetOrEmbedAsync(embedder, texts, EmbeddingRole.Query, progress, cancellationToken).GetAwaiter().GetResult();
            junkVectors = vectors.GetOrEmbedAsync(embedder, [.. junk.Select(QuestionText.Clean)], EmbeddingRole.Query, progress, cancellationToken).GetAwaiter().GetResult();
        }

        var sourceSizes = corpus.Passages.GroupBy(corpus.SourceIndexOf).ToDictionary(g => g.Key, g => g.Count());
        var pairs = new List<PairRow>();
        var pairFolds = new List<int>();
        var asked = new List<Asked>();
        var sentences = new List<SentenceRow>();
        for (int k = 0; k < texts.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var q = set.Questions[k % set.Questions.Count];
            var text = texts[k];
            if (text.Length == 0) continue;
            int gold = corpus.IndexOf(q.PassageId)!.Value;
            int goldSource = corpus.SourceIndexOf(corpus.Passages[gold]);
            int fold = goldSource % 2; // whole articles per fold: a fold's ranker never saw the other fold's articles

            var query = new Query(text, corpus, questionVectors?[k]);
            if (query.IsEmpty) continue;
            var candidates = Ranker.Candidates(query, index, dense, candidateCount);
            var rows = PairFeatures.Compute(query, candidates, corpus, dense);
            if (candidates.Any(c => c.Passage == gold))
            {
                for (int i = 0; i < candidates.Count; i++)
                {
                    pairs.Add(new PairRow { Label = candidates[i].Passage == gold, Features = rows[i] });
                    pairFolds.Add(fold);
                }
            }
            bool asAsked = k < set.Questions.Count;
            asked.Add(new Asked(query, candidates, rows, fold, Answerable: true, asAsked));
            sentences.AddRange(SentenceRows(query, corpus.Passages[gold], dense, q.Expect));

            // The same question, as if its article were not among the sources.
            var masked = new Query(text, corpus, questionVectors?[k], withoutSource: goldSource);
            bool Allowed(int p) => corpus.SourceIndexOf(corpus.Passages[p]) != goldSource;
            var others = Ranker.Candidates(masked, index, dense, candidateCount, Allowed, sourceSizes[goldSource]);
            if (others.Count > 0) asked.Add(new Asked(masked, others, PairFeatures.Compute(masked, others, corpus, dense), fold, Answerable: false, asAsked));
        }
        for (int k = 0; k < junk.Count; k++)
        {
            var query = new Query(QuestionText.Clean(junk[k]), corpus, junkVectors?[k]);
            if (query.IsEmpty) continue;
            var candidates = Ranker.Candidates(query, index, dense, candidateCount);
            if (candidates.Count > 0) asked.Add(new Asked(query, candidates, PairFeatures.Compute(query, candidates, corpus, dense), k % 2, Answerable: false, AsAsked: false));
        }

        // The decline model reads the ranker's confidence; in training it must be the confidence on questions the ranker never
        // saw, as in use. So each fold's questions are scored by a ranker trained on the other fold's articles.
        var foldRankers = new BinaryTreeModel<PairRow>?[2];
        for (int f = 0; f < 2; f++)
        {
            var training = pairs.Where((_, i) => pairFolds[i] != f).ToList();
            foldRankers[f] = training.Any(r => r.Label) && training.Any(r => !r.Label)
                ? BinaryTreeModel<PairRow>.Train(training, seed, trees: 200, minimumLeafCount: 20)
                : null;
        }
        int askedDeclines = asked.TakeWhile(a => a.AsAsked).Count();
        var declines = new List<DeclineRow>(asked.Count);
        foreach (var a in asked)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var probabilities = foldRankers[a.Fold]?.Score(a.Rows) ?? new float[a.Rows.Length];
            declines.Add(new DeclineRow { Label = a.Answerable, Features = DeclineFeatures.Compute(a.Query, a.Candidates, a.Rows, probabilities) });
        }
        return new TrainingRows(pairs, declines, sentences, "") { AskedDeclines = askedDeclines };
    }

    /// <summary>The question's two weightiest words (by idf in the training articles), in their order: its keyword form.</summary>
    private static string Keywords(string question, Corpus corpus)
    {
        var words = Regex.Matches(question, @"[\p{L}\p{N}][\p{L}\p{N}'’-]*").Select(m => m.Value).ToList();
        var weighted = words.Select((w, i) => (Word: w, Index: i, Terms: corpus.Analysis.Terms(w)))
            .Where(x => x.Terms.Count > 0)
            .Select(x => (x.Word, x.Index, Idf: x.Terms.Max(corpus.Idf)))
            .OrderByDescending(x => x.Idf).ThenBy(x => x.Index).Take(2).OrderBy(x => x.Index);
        return string.Join(' ', weighted.Select(x => x.Word));
    }

    /// <summary>The sentences of the answering passage, the one holding the answer text the positive; none when no single sentence holds it.</summary>
    private static IEnumerable<SentenceRow> SentenceRows(Query query, AnalyzedPassage passage, PassageEmbeddings? dense, IReadOnlyList<string>? expect)
    {
        if (expect is not { Count: > 0 } || passage.Sentences.Length < 2) return [];
        var holds = passage.Sentences.Select(s => Evaluation.QuestionSet.ContainsAny(s.Text, expect)).ToArray();
        if (!holds.Contains(true)) return [];
        var similarities = query.Embedding is { } q ? dense?.SentenceSimilarities(q, passage.Index) : null;
        var features = SentenceFeatures.Compute(query, passage, similarities);
        return features.Select((f, i) => new SentenceRow { Label = holds[i], Features = f });
    }

    private static TrainingRows? TryRead(string path, string hash)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic || reader.ReadString() != hash) return null;
            var pairs = ReadRows<PairRow>(reader, PairFeatures.Count);
            var declines = ReadRows<DeclineRow>(reader, DeclineFeatures.Count);
            var sentences = ReadRows<SentenceRow>(reader, SentenceFeatures.Count);
            return new TrainingRows(pairs, declines, sentences, hash) { AskedDeclines = reader.ReadInt32() };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException)
        {
            return null; // missing or unreadable: made again
        }
    }

    private static List<T> ReadRows<T>(BinaryReader reader, int width) where T : class, IFeatureRow, new()
    {
        int count = reader.ReadInt32();
        if (reader.ReadInt32() != width) throw new FormatException("Cached training rows have another width.");
        var rows = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            var row = new T { Label = reader.ReadBoolean(), Weight = reader.ReadSingle(), Features = new float[width] };
            for (int f = 0; f < width; f++) row.Features[f] = reader.ReadSingle();
            rows.Add(row);
        }
        return rows;
    }

    private static void TryWrite(string path, TrainingRows rows, ILogger logger)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            using (var writer = new BinaryWriter(File.Create(tmp)))
            {
                writer.Write(Magic);
                writer.Write(rows.Hash);
                WriteRows(writer, rows.Pairs, PairFeatures.Count);
                WriteRows(writer, rows.Declines, DeclineFeatures.Count);
                WriteRows(writer, rows.Sentences, SentenceFeatures.Count);
                writer.Write(rows.AskedDeclines);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not cache the training rows at {Path}; they will be computed again next time", path);
        }
    }

    private static void WriteRows<T>(BinaryWriter writer, IReadOnlyList<T> rows, int width) where T : IFeatureRow
    {
        writer.Write(rows.Count);
        writer.Write(width);
        foreach (var row in rows)
        {
            writer.Write(row.Label);
            writer.Write(row.Weight);
            foreach (var f in row.Features) writer.Write(f);
        }
    }
}
