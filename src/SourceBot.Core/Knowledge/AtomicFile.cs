using System.Text;
using System.Text.RegularExpressions;

namespace SourceBot.Core.Knowledge;

/// <summary>
/// Writes a file so that readers see either the old content or the new, never half of it, and so that once a write returns
/// it survives a crash or a power cut: the text goes to a temporary file in the same folder, is flushed to disk, is renamed
/// over the target, and the folder is flushed so the rename is on disk too. A failure at any point (disk full, read-only
/// folder, a crash) leaves the previous file untouched, and the temporary file is removed when the process can still do so;
/// what a crash leaves behind is recognised by <see cref="IsLeftover"/> and removed at the next start.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Marks temporary files, so loaders and copies can skip leftovers of a crash.</summary>
    public const string TempMarker = ".tmp-";

    /// <param name="beforeRename">Called with the temporary file's path after it is written and before the rename; tests
    /// use it to simulate a crash between the two.</param>
    public static void WriteAllText(string path, string text, Action<string>? beforeRename = null)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var tmp = path + TempMarker + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            beforeRename?.Invoke(tmp);
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        DirectoryFlush.ToDisk(folder);
    }

    /// <summary>
    /// Copies a file to a new path and flushes the copy's content to disk. The copy's name is durable only once its folder
    /// is flushed (<see cref="DirectoryFlush.ToDisk"/>), which a caller copying many files into one folder does once at the end.
    /// </summary>
    internal static void CopyToDisk(string source, string destination)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        input.CopyTo(output);
        output.Flush(flushToDisk: true);
    }

    /// <summary>Deletes a file and flushes its folder, so the file does not come back after a power cut.</summary>
    internal static void Delete(string path)
    {
        File.Delete(path);
        DirectoryFlush.ToDisk(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static bool IsTemporary(string path) => Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal);

    /// <summary>
    /// Whether a file is a temporary file this class wrote and a crash left behind: exactly the name <see cref="WriteAllText"/>
    /// gives (the target's name, the marker and 32 hex digits), so no file someone else named is ever taken for one.
    /// </summary>
    internal static bool IsLeftover(string path) => LeftoverName().IsMatch(Path.GetFileName(path));

    /// <summary>
    /// Removes the leftovers of interrupted writes from a folder. Only safe while no write into the folder can be running
    /// (the caller holds the lock its writers take).
    /// </summary>
    internal static IReadOnlyList<string> RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var removed = Directory.GetFiles(folder).Where(IsLeftover).ToList();
        foreach (var file in removed) File.Delete(file);
        if (removed.Count > 0) DirectoryFlush.ToDisk(folder);
        return removed;
    }

    [GeneratedRegex(@"\.tmp-[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LeftoverName();

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is ignored by every loader and removed at the next start.
        }
    }
}
