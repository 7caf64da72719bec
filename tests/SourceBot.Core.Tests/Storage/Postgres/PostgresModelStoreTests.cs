using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>Trained models stored by one process are fetched whole by another; unknown models are not there.</summary>
public sealed class PostgresModelStoreTests(PostgresTestDatabase server) : IClassFixture<PostgresTestDatabase>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sourcebot-models-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string Folder(string name, params (string File, byte[] Content)[] files)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, content) in files) File.WriteAllBytes(Path.Combine(folder, file), content);
        return folder;
    }

    [PostgresFact]
    public void Models_stored_by_one_process_are_fetched_byte_for_byte_by_another()
    {
        var hash = Guid.NewGuid().ToString("N")[..16];
        var trained = Folder("a", ("reranker.zip", [1, 2, 3, 0, 255]), ("threshold.txt", "0.42"u8.ToArray()));
        new PostgresModelStore(server.Open()).Save(hash, trained);

        var fetched = Path.Combine(_root, "b", hash);
        Assert.True(new PostgresModelStore(server.Open()).TryFetch(hash, fetched));

        Assert.Equal(["reranker.zip", "threshold.txt"], Directory.GetFiles(fetched).Select(Path.GetFileName).Order());
        Assert.Equal(new byte[] { 1, 2, 3, 0, 255 }, File.ReadAllBytes(Path.Combine(fetched, "reranker.zip")));
        Assert.Equal("0.42", File.ReadAllText(Path.Combine(fetched, "threshold.txt")));
    }

    [PostgresFact]
    public void Models_nobody_stored_are_not_fetched_and_nothing_is_written()
    {
        var folder = Path.Combine(_root, "none");

        Assert.False(new PostgresModelStore(server.Database).TryFetch("0123456789abcdef", folder));
        Assert.False(Directory.Exists(folder));
    }

    [PostgresFact]
    public void Storing_the_same_models_twice_keeps_the_first_copy_and_does_not_fail()
    {
        var hash = Guid.NewGuid().ToString("N")[..16];
        var store = new PostgresModelStore(server.Database);
        store.Save(hash, Folder("first", ("threshold.txt", "0.1"u8.ToArray())));

        store.Save(hash, Folder("second", ("threshold.txt", "0.2"u8.ToArray())));

        var fetched = Path.Combine(_root, "fetched");
        Assert.True(store.TryFetch(hash, fetched));
        Assert.Equal("0.1", File.ReadAllText(Path.Combine(fetched, "threshold.txt")));
    }
}
