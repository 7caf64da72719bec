using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Text;

namespace SourceBot.Core.Engine;

/// <summary>
/// Everything answering needs for one knowledge version: the knowledge, its analysis, the index and the trained ranker.
/// Immutable once built; a new version is a new snapshot, swapped in whole.
/// </summary>
public sealed class EngineSnapshot : IDisposable
{
    private EngineSnapshot(KnowledgeBase knowledge, Ranker ranker, string modelHash, bool loadedFromCache)
    {
        Knowledge = knowledge;
        Ranker = ranker;
        ModelHash = modelHash;
        LoadedFromCache = loadedFromCache;
        Taught = new TaughtMatcher(ranker.Corpus);
    }

    public KnowledgeBase Knowledge { get; }
    public Ranker Ranker { get; }
    public Corpus Corpus => Ranker.Corpus;
    public string ModelHash { get; }
    public bool LoadedFromCache { get; }

    /// <summary>The moderator-taught questions of this version, for answering a repeated taught question as taught.</summary>
    public TaughtMatcher Taught { get; }

    public static string ComputeModelHash(KnowledgeBase knowledge, RankerSettings settings)
    {
        var key = $"{knowledge.Hash}|{Ranker.ModelVersion}|{settings.CacheKey}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    /// <summary>
    /// Builds a snapshot: loads the ranker from the cache when a model for exactly this knowledge and code exists,
    /// otherwise trains it and stores it there (atomically, so a crash never leaves a half-written model).
    /// </summary>
    public static EngineSnapshot Build(KnowledgeBase knowledge, EngineOptions options, ILogger logger, bool forceRebuild = false, CancellationToken cancellationToken = default)
    {
        if (knowledge.Passages.IsDefaultOrEmpty)
            throw new KnowledgeFormatException("The knowledge has no visible passages to answer from.");
        var settings = new RankerSettings(options.Seed, options.CandidateCount, options.MaxTrainingQuestions);
        var analysis = new TextAnalysis();
        var corpus = new Corpus(knowledge, analysis);
        var index = Ranker.BuildIndex(corpus);
        var modelHash = ComputeModelHash(knowledge, settings);
        var folder = Path.Combine(options.CachePath, "models", modelHash);
        var rerankerPath = Path.Combine(folder, "reranker.zip");
        var answerabilityPath = Path.Combine(folder, "answerability.zip");

        RankerModels? models = null;
        bool fromCache = false;
        if (!forceRebuild && File.Exists(rerankerPath) && File.Exists(answerabilityPath))
        {
            try
            {
                models = new RankerModels(
                    BinaryTreeModel<PairRow>.Load(rerankerPath, options.Seed),
                    BinaryTreeModel<AnswerabilityRow>.Load(answerabilityPath, options.Seed));
                fromCache = true;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or InvalidDataException)
            {
                logger.LogWarning(ex, "Cached models in {ModelFolder} could not be read; rebuilding them", folder);
            }
        }
        if (models is null)
        {
            logger.LogInformation("Training the ranker for knowledge {KnowledgeHash} ({Passages} passages)", knowledge.Hash[..12], corpus.Passages.Length);
            models = Ranker.Train(corpus, index, settings, cancellationToken);
            TrySave(models.Reranker.Save, rerankerPath, logger);
            TrySave(models.Answerability.Save, answerabilityPath, logger);
        }
        return new EngineSnapshot(knowledge, Ranker.Create(corpus, index, models, settings), modelHash, fromCache);
    }

    private static void TrySave(Action<string> save, string modelPath, ILogger logger)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
            var tmp = modelPath + ".tmp-" + Guid.NewGuid().ToString("N");
            save(tmp);
            File.Move(tmp, modelPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs start-up time; answering still works.
            logger.LogWarning(ex, "Could not cache the model at {ModelPath}; it will be retrained on the next start", modelPath);
        }
    }

    public void Dispose()
    {
        Ranker.Dispose();
        Corpus.Analysis.Dispose();
    }
}
