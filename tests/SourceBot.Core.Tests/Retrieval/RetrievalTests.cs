using SourceBot.Core.Embeddings;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Tests.Embeddings;
using SourceBot.Core.Text;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Retrieval;

/// <summary>
/// Retrieval on its own: candidates from both searches, the feature families, the decline model's inputs, the vector cache
/// during builds, and determinism. On the three small sample sources, with the hashing embedder or a counting one.
/// </summary>
public sealed class RetrievalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sourcebot-retrieval-").FullName;
    private readonly TextAnalysis _analysis = new();
    private readonly HashingEmbedder _embedder = new();

    private string Knowledge
    {
        get
        {
            var path = Path.Combine(_root, "knowledge");
            if (!Directory.Exists(path)) SampleSources.WriteTo(path);
            return path;
        }
    }

    private (Corpus Corpus, LexicalIndex Index, PassageEmbeddings Dense) Prepare()
    {
        var corpus = new Corpus(KnowledgeDirectory.Load(Knowledge), _analysis);
        using var cache = new VectorCache(Path.Combine(_root, "vectors.db"));
        return (corpus, Ranker.BuildIndex(corpus), PassageEmbeddings.Build(corpus, _embedder, cache, null, default));
    }

    private Query Ask(Corpus corpus, string text) => new(text, corpus, _embedder.Embed([text], EmbeddingRole.Query)[0]);

    [Fact]
    public void A_passage_that_shares_no_word_with_the_question_is_still_a_candidate_when_it_is_close_in_meaning()
    {
        var (corpus, index, dense) = Prepare();
        // "lenses" and "lens" share character trigrams but, stemmed, not a term: only the embedding search finds it.
        var query = Ask(corpus, "lensing");
        var fresnel = corpus.IndexOf("lighthouses#p2")!.Value;
        Assert.DoesNotContain(index.SearchTerms(query.Terms, 20), h => h.Document == fresnel);

        var candidates = Ranker.Candidates(query, index, dense, 20);

        var found = Assert.Single(candidates, c => c.Passage == fresnel);
        Assert.Equal(Candidate.NotFound, found.LexicalRank);
        Assert.True(found.DenseRank < Candidate.NotFound);
        index.Dispose();
    }

    [Fact]
    public void A_candidate_both_searches_find_carries_both_ranks()
    {
        var (corpus, index, dense) = Prepare();
        var candidates = Ranker.Candidates(Ask(corpus, "How do bees make honey from nectar?"), index, dense, 20);
        Assert.Contains(candidates, c => c.LexicalRank < Candidate.NotFound && c.DenseRank < Candidate.NotFound && c.DenseScore > 0);
        index.Dispose();
    }

    [Fact]
    public void Leaving_out_a_source_removes_its_passages_from_both_searches()
    {
        var (corpus, index, dense) = Prepare();
        var bees = corpus.SourceIndexOf(corpus.Passages[corpus.IndexOf("bees#p1")!.Value]);
        var query = Ask(corpus, "How do bees make honey from nectar?");
        var candidates = Ranker.Candidates(query, index, dense, 20, p => corpus.SourceIndexOf(corpus.Passages[p]) != bees, excludedCount: 3);
        Assert.NotEmpty(candidates);
        Assert.DoesNotContain(candidates, c => corpus.Passages[c.Passage].Passage.SourceId == "bees");
        index.Dispose();
    }

    [Fact]
    public void Embedding_features_rank_the_answering_passage_highest_and_are_zero_without_an_embedding()
    {
        var (corpus, index, dense) = Prepare();
        var query = Ask(corpus, "How do scientists forecast volcanic eruptions?");
        var candidates = Ranker.Candidates(query, index, dense, 20);
        var rows = PairFeatures.Compute(query, candidates, corpus, dense);
        int forecast = candidates.FindIndex(c => corpus.Passages[c.Passage].Passage.Id == "volcanoes#p3");
        Assert.Equal(rows.Max(r => r[PairFeatures.SentenceSimilarity]), rows[forecast][PairFeatures.SentenceSimilarity]);
        Assert.Equal(0f, rows[forecast][27]); // its sentence similarity minus the best of the list
        Assert.All(rows, r => Assert.InRange(r[PairFeatures.PassageSimilarity], -1f, 1f));

        var lexicalOnly = PairFeatures.Compute(new Query(query.Text, corpus), candidates, corpus, dense);
        Assert.All(lexicalOnly, r => Assert.Equal(0f, r[PairFeatures.PassageSimilarity]));
        Assert.All(lexicalOnly, r => Assert.Equal(0f, r[PairFeatures.SentenceSimilarity]));
        index.Dispose();
    }

    [Fact]
    public void Lexical_features_measure_how_much_of_the_question_one_sentence_covers()
    {
        var (corpus, index, dense) = Prepare();
        var query = Ask(corpus, "When was the Fresnel lens invented?");
        var candidates = Ranker.Candidates(query, index, dense, 20);
        var rows = PairFeatures.Compute(query, candidates, corpus, dense);
        var fresnel = rows[candidates.FindIndex(c => corpus.Passages[c.Passage].Passage.Id == "lighthouses#p2")];
        Assert.Equal(1f, fresnel[PairFeatures.BestSentenceCoverage], 3); // fresnel, lens, invented: all in one sentence
        Assert.Equal(1f, fresnel[12]);                                  // a "when" question meets a year
        index.Dispose();
    }

    [Fact]
    public void Decline_features_of_an_off_topic_question_are_lower_than_of_an_answerable_one()
    {
        var (corpus, index, dense) = Prepare();
        float[] Features(string q)
        {
            var query = Ask(corpus, q);
            var candidates = Ranker.Candidates(query, index, dense, 20);
            var rows = PairFeatures.Compute(query, candidates, corpus, dense);
            return DeclineFeatures.Compute(query, candidates, rows, new float[rows.Length]);
        }
        var answerable = Features("How do bees make honey from nectar?");
        var offTopic = Features("Who won the football world cup in 1998?");
        Assert.Equal(DeclineFeatures.Count, answerable.Length);
        Assert.True(answerable[1] > offTopic[1], "closest sentence similarity");
        Assert.True(answerable[3] > offTopic[3], "best sentence coverage");
        Assert.True(answerable[5] > offTopic[5], "vocabulary coverage");
        index.Dispose();
    }

    [Fact]
    public void Decline_features_are_all_zero_without_candidates()
    {
        var (corpus, _, _) = Prepare();
        Assert.All(DeclineFeatures.Compute(Ask(corpus, "bees"), [], [], []), f => Assert.Equal(0f, f));
    }

    [Fact]
    public void A_rebuild_after_editing_one_passage_embeds_only_that_passages_texts()
    {
        var embedder = new CountingEmbedder();
        var options = new EngineOptions { KnowledgePath = Knowledge, CachePath = Path.Combine(_root, "cache"), MaxTrainingQuestions = 200, MaxRealQuestions = 0 };
        using var factory = new EngineFactory(options, embedder);
        var knowledge = KnowledgeDirectory.Load(Knowledge);
        factory.Build(knowledge).Dispose();
        var before = embedder.Embedded.Count();

        var edited = new KnowledgeBase(knowledge.Sources.Select(s => s.Id != "volcanoes" ? s : s with
        {
            Passages = [.. s.Passages.Select(p => p.Id == "volcanoes#p2" ? p with { Text = "Runny basalt magma flows out as lava." } : p)],
        }));
        factory.Build(edited).Dispose();

        // Passages and sentences embedded again: the edited one only (its synthetic training questions are new, so they are embedded too).
        var texts = edited.Passages.Select(p => FootnoteMarkers.Strip(p.Text)).ToHashSet();
        var embeddedNow = embedder.Embedded.Skip(before).Where(texts.Contains).Distinct().ToArray();
        Assert.Equal(["Runny basalt magma flows out as lava."], embeddedNow);
    }

    [Fact]
    public void The_same_knowledge_gives_the_same_model_and_answers_across_factories()
    {
        var options = TestEngines.Fast(new EngineOptions { KnowledgePath = Knowledge, CachePath = Path.Combine(_root, "first"), MaxTrainingQuestions = 200 });
        var again = TestEngines.Fast(new EngineOptions { KnowledgePath = Knowledge, CachePath = Path.Combine(_root, "second"), MaxTrainingQuestions = 200 });
        using var first = new EngineFactory(options);
        using var second = new EngineFactory(again);
        using var a = first.Load();
        using var b = second.Load();
        Assert.False(b.Snapshot.LoadedFromCache);
        Assert.Equal(a.Info.ModelHash, b.Info.ModelHash);
        foreach (var q in new[] { "How do bees make honey?", "When was the Fresnel lens invented?", "Who won the 1998 world cup?", "' OR 1=1; --" })
        {
            var x = a.Ask(q);
            var y = b.Ask(q);
            Assert.Equal((x.Outcome, x.PassageId, x.Quote, x.Score), (y.Outcome, y.PassageId, y.Quote, y.Score));
        }
    }

    [Fact]
    public void The_model_cache_key_names_the_embedder()
    {
        var a = EngineSnapshot.ComputeModelHash(KnowledgeDirectory.Load(Knowledge), new RankerSettings(EmbedderId: "minilm"));
        var b = EngineSnapshot.ComputeModelHash(KnowledgeDirectory.Load(Knowledge), new RankerSettings(EmbedderId: "arcticxs"));
        Assert.NotEqual(a, b);
    }

    public void Dispose()
    {
        _analysis.Dispose();
        _embedder.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
