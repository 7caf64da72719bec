using System.Text;

namespace SourceBot.Core.Knowledge;

/// <summary>
/// Writes a file so that readers see either the old content or the new, never half of it: the text goes to a temporary file
/// in the same folder, is flushed to disk, and then renamed over the target. A failure at any point (disk full, read-only
/// folder, a crash) leaves the previous file untouched, and the temporary file is removed when the process can still do so.
/// </summary>
public static class AtomicFile
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
    }

    public static bool IsTemporary(string path) => Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal);

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is ignored by every loader.
        }
    }
}
