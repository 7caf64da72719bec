namespace SourceBot.Core.Knowledge;

/// <summary>Loads every source file of a knowledge folder, and its taught questions (<see cref="TaughtFile"/>) when present.</summary>
public static class KnowledgeDirectory
{
    public static KnowledgeBase Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new KnowledgeFormatException($"Knowledge folder '{directory}' does not exist.");
        var files = Directory.GetFiles(directory, "*" + KnowledgeFile.Extension, SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase) && !AtomicFile.IsTemporary(f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new KnowledgeFormatException($"Knowledge folder '{directory}' has no source files (*{KnowledgeFile.Extension}).");
        return new KnowledgeBase(files.Select(KnowledgeFile.Read), TaughtFile.Load(directory));
    }

    /// <summary>Writes a source atomically: a temporary file in the same folder, then a rename, so a crash never leaves half a file.</summary>
    public static string Save(string directory, Source source, Action<string>? beforeRename = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, source.Id + KnowledgeFile.Extension);
        AtomicFile.WriteAllText(path, KnowledgeFile.Write(source), beforeRename);
        return path;
    }

    /// <summary>Writes the taught questions atomically; with none left, the file is removed.</summary>
    public static void SaveTaught(string directory, IReadOnlyCollection<TaughtQuestion> taught, Action<string>? beforeRename = null)
    {
        var path = Path.Combine(directory, TaughtFile.FileName);
        if (taught.Count == 0)
        {
            if (File.Exists(path)) AtomicFile.Delete(path);
            return;
        }
        AtomicFile.WriteAllText(path, TaughtFile.Write(taught), beforeRename);
    }
}
