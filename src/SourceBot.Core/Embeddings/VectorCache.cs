using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Embeddings;

/// <summary>
/// Vectors kept in a SQLite file per (model id, SHA-256 of the exact model input), so a build embeds only texts it has not seen.
/// New vectors are written one batch per transaction: a build that is stopped keeps what it finished. The file is in WAL mode
/// and waits for a busy writer, so two processes (a bot and a CLI build, or parallel test runs) can share it.
/// </summary>
internal sealed class VectorCache : IDisposable
{
    /// <summary>The schema this code writes. Version 1: table <c>vectors_v1</c>, vectors as little-endian float32 blobs.</summary>
    public const int SchemaVersion = 1;

    private const string CreateScript = """
        CREATE TABLE IF NOT EXISTS vectors_v1 (
            model TEXT NOT NULL,
            input_sha256 BLOB NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, input_sha256)
        ) WITHOUT ROWID;
        """;

    // Long enough to outwait another process's batch commit.
    private const int BusyTimeoutSeconds = 30;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <param name="databasePath">The file, created with its folder on first use (the engine's is <c>&lt;CachePath&gt;/vectors.db</c>).</param>
    /// <param name="timeProvider">The clock for the time-left estimate.</param>
    public VectorCache(string databasePath, TimeProvider? timeProvider = null)
    {
        _database = new SqliteDatabase(databasePath, SchemaVersion, CreateScript, "vector cache", "CachePath", BusyTimeoutSeconds);
        _time = timeProvider ?? TimeProvider.System;
    }

    public string DatabasePath => _database.Path;

    /// <summary>
    /// One vector for each of <paramref name="texts"/>, in their order: read from the file where it has one for the text's model
    /// input, otherwise embedded in batches of at most <see cref="EmbeddingLimits.MaxBatchTexts"/> and stored. A text repeated in
    /// <paramref name="texts"/> is embedded once.
    /// </summary>
    /// <param name="progress">
    /// Told before the first batch and after each one; not told at all when every vector was cached. Called on this thread.
    /// </param>
    public async Task<float[][]> GetOrEmbedAsync(ITextEmbedder embedder, IReadOnlyList<string> texts, EmbeddingRole role,
        IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(texts);

        // Texts with the same model input share one entry (and one model run).
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var entryOf = new Entry[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null; every text to embed must be a string.", nameof(texts));
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(embedder.ModelInput(text, role)));
            var key = Convert.ToHexString(hash);
            if (!entries.TryGetValue(key, out var entry)) entries.Add(key, entry = new Entry(text, hash));
            entryOf[i] = entry;
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await UseWriteAheadLogAsync(connection, cancellationToken).ConfigureAwait(false);
        await ReadCachedAsync(connection, embedder, entries.Values, cancellationToken).ConfigureAwait(false);

        var missing = entries.Values.Where(e => e.Vector is null).ToList();
        if (missing.Count > 0) await EmbedAndStoreAsync(connection, embedder, missing, role, progress, cancellationToken).ConfigureAwait(false);

        var vectors = new float[texts.Count][];
        var handedOut = new HashSet<Entry>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < vectors.Length; i++)
        {
            var vector = entryOf[i].Vector!;
            // A repeated text gets its own copy, so a caller changing one vector cannot change another.
            vectors[i] = handedOut.Add(entryOf[i]) ? vector : (float[])vector.Clone();
        }
        return vectors;
    }

    private static async Task UseWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers go on while another process writes; the mode is kept in the file, so this is a no-op after the first.
        // NORMAL sync is safe in WAL: a crash can lose the last batches, never corrupt the file, and lost vectors are re-embedded.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReadCachedAsync(SqliteConnection connection, ITextEmbedder embedder, IEnumerable<Entry> entries, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT vector FROM vectors_v1 WHERE model = $model AND input_sha256 = $hash;";
        command.Parameters.AddWithValue("$model", embedder.ModelId);
        var hash = command.Parameters.Add("$hash", SqliteType.Blob);
        foreach (var entry in entries)
        {
            hash.Value = entry.Hash;
            // A blob of the wrong length (a damaged file) counts as missing: the text is embedded again and the row replaced.
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] blob && blob.Length == embedder.Dimensions * sizeof(float))
            {
                entry.Vector = FromBlob(blob);
            }
        }
    }

    private async Task EmbedAndStoreAsync(SqliteConnection connection, ITextEmbedder embedder, List<Entry> missing, EmbeddingRole role,
        IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        progress?.Report(new EmbeddingProgress(0, missing.Count, null));
        for (var done = 0; done < missing.Count;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = missing.GetRange(done, Math.Min(EmbeddingLimits.MaxBatchTexts, missing.Count - done));
            var vectors = embedder.Embed(batch.Select(e => e.Text).ToArray(), role, cancellationToken);
            Check(embedder, batch.Count, vectors);

            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR REPLACE INTO vectors_v1 (model, input_sha256, vector) VALUES ($model, $hash, $vector);";
                insert.Parameters.AddWithValue("$model", embedder.ModelId);
                var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
                var vector = insert.Parameters.Add("$vector", SqliteType.Blob);
                for (var i = 0; i < batch.Count; i++)
                {
                    hash.Value = batch[i].Hash;
                    vector.Value = ToBlob(vectors[i]);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < batch.Count; i++) batch[i].Vector = vectors[i];
            done += batch.Count;
            var elapsed = _time.GetElapsedTime(started);
            progress?.Report(new EmbeddingProgress(done, missing.Count, elapsed / done * (missing.Count - done)));
        }
    }

    private static void Check(ITextEmbedder embedder, int expected, float[][] vectors)
    {
        if (vectors.Length != expected)
        {
            throw new InvalidOperationException($"Embedder {embedder.ModelId} returned {vectors.Length} vectors for {expected} texts; nothing from this batch was stored.");
        }
        foreach (var vector in vectors)
        {
            if (vector.Length != embedder.Dimensions)
            {
                throw new InvalidOperationException($"Embedder {embedder.ModelId} returned a vector of {vector.Length} floats, not {embedder.Dimensions}; nothing from this batch was stored.");
            }
        }
    }

    private static byte[] ToBlob(float[] vector)
    {
        var blob = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(blob.AsSpan(i * sizeof(float)), vector[i]);
        return blob;
    }

    private static float[] FromBlob(byte[] blob)
    {
        var vector = new float[blob.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++) vector[i] = BinaryPrimitives.ReadSingleLittleEndian(blob.AsSpan(i * sizeof(float)));
        return vector;
    }

    public void Dispose() => _database.Dispose();

    /// <summary>One distinct model input: the first text that gave it, its hash, and its vector once known.</summary>
    private sealed class Entry(string text, byte[] hash)
    {
        public string Text { get; } = text;
        public byte[] Hash { get; } = hash;
        public float[]? Vector { get; set; }
    }
}
