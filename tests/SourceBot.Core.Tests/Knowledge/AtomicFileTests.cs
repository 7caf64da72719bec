using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Knowledge;

/// <summary>Atomic, durable file writes and the removal of what an interrupted write leaves behind, on real files.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sourcebot-atomic-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_folder, "bees.md");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Removing_leftovers_removes_only_temporary_files_named_by_a_write()
    {
        var leftover = Path.Combine(_folder, "bees.md" + AtomicFile.TempMarker + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(_folder, "bees.md");
        var notOurs = Path.Combine(_folder, "bees.md" + AtomicFile.TempMarker + "0123");
        foreach (var f in new[] { leftover, source, notOurs }) File.WriteAllText(f, "text");

        var removed = AtomicFile.RemoveLeftovers(_folder);

        Assert.Equal([leftover], removed);
        Assert.Equal([source, notOurs], Directory.GetFiles(_folder).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_copy_to_disk_has_the_same_bytes_and_never_overwrites()
    {
        var source = Path.Combine(_folder, "bees.md");
        var copy = Path.Combine(_folder, "copy.md");
        File.WriteAllText(source, "Bees make honey. 🐝");

        AtomicFile.CopyToDisk(source, copy);

        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(copy));
        Assert.Throws<IOException>(() => AtomicFile.CopyToDisk(source, copy));
    }
}
