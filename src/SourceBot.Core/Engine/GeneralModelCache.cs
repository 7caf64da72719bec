using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Training;

namespace SourceBot.Core.Engine;

/// <summary>
/// The models trained on the real questions alone (<see cref="GeneralModels"/>), cached on disk beside the training rows they
/// learn from, in a folder named by those rows' hash, the seed and this code's version: trained once per machine, not once per
/// library. The folder is written under a temporary name and renamed whole, so a crash never leaves half of it.
/// </summary>
internal static class GeneralModelCache
{
    /// <summary>Bump when <see cref="Ranker.TrainGeneral"/> learns differently from the same rows.</summary>
    internal const string Version = "general-models-1";

    private const string AnswerabilityFile = "answerability.zip", SentencesFile = "sentences.zip", ThresholdFile = "threshold.txt";

    /// <summary>The folder that holds (or will hold) the models for <paramref name="rows"/> and <paramref name="seed"/>.</summary>
    public static string FolderOf(TrainingRows rows, int seed, string cacheFolder)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Version}|{Ranker.ModelVersion}|{rows.Hash}|{seed}")))[..16];
        return Path.Combine(cacheFolder, "training", "models-" + key);
    }

    /// <summary>The models for <paramref name="rows"/>: read from <paramref name="cacheFolder"/> when trained before, else trained and stored there.</summary>
    public static GeneralModels Load(TrainingRows rows, int seed, string cacheFolder, ILogger logger)
    {
        // No real questions: nothing to share, each ranker learns its decline model from its own sources.
        if (rows.Declines.Count == 0 && rows.Sentences.Count == 0) return Ranker.TrainGeneral(rows, seed);
        var folder = FolderOf(rows, seed, cacheFolder);
        if (TryRead(folder, rows, seed, logger) is { } cached) return cached;
        logger.LogInformation("Training the decline and sentence models from {DeclineRows} real-question rows (once; cached in {ModelFolder})",
            rows.Declines.Count, folder);
        var models = Ranker.TrainGeneral(rows, seed);
        TryWrite(folder, models, logger);
        return models;
    }

    private static GeneralModels? TryRead(string folder, TrainingRows rows, int seed, ILogger logger)
    {
        var threshold = Path.Combine(folder, ThresholdFile);
        if (!File.Exists(threshold)) return null;
        try
        {
            var answerability = Path.Combine(folder, AnswerabilityFile);
            var sentences = Path.Combine(folder, SentencesFile);
            return new GeneralModels(rows.Hash, seed,
                File.Exists(answerability) ? BinaryTreeModel<DeclineRow>.Load(answerability, seed) : null,
                EngineSnapshot.ReadThreshold(threshold),
                File.Exists(sentences) ? BinaryTreeModel<SentenceRow>.Load(sentences, seed) : null);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or InvalidDataException)
        {
            logger.LogWarning(ex, "Cached general models in {ModelFolder} could not be read; training them again", folder);
            return null;
        }
    }

    /// <summary>
    /// Writes the models into a temporary folder and renames it into place, replacing a folder that could not be read (the
    /// models of the same rows and seed are the same, so whichever write lands last is as good as the first).
    /// </summary>
    private static void TryWrite(string folder, GeneralModels models, ILogger logger)
    {
        var temporary = folder + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.CreateDirectory(temporary);
            models.Answerability?.Save(Path.Combine(temporary, AnswerabilityFile));
            models.Sentences?.Save(Path.Combine(temporary, SentencesFile));
            File.WriteAllText(Path.Combine(temporary, ThresholdFile), models.AnswerThreshold.ToString("R", CultureInfo.InvariantCulture));
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(temporary, folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs training time on the next start; answering still works.
            logger.LogWarning(ex, "Could not cache the general models in {ModelFolder}; they will be trained again on the next start", folder);
            try { Directory.Delete(temporary, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
