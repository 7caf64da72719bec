namespace SourceBot.Core.Knowledge;

/// <summary>Loads every source file of a knowledge folder.</summary>
public static class KnowledgeDirectory
{
    public static KnowledgeBase Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new KnowledgeFormatException($"Knowledge folder '{directory}' does not exist.");
        var files = Directory.GetFiles(directory, "*" + KnowledgeFile.Extension, SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new KnowledgeFormatException($"Knowledge folder '{directory}' has no source files (*{KnowledgeFile.Extension}).");
        return new KnowledgeBase(files.Select(KnowledgeFile.Read));
    }

    /// <summary>Writes a source atomically: a temporary file in the same folder, then a rename, so a crash never leaves half a file.</summary>
    public static string Save(string directory, Source source)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, source.Id + KnowledgeFile.Extension);
        var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(tmp, KnowledgeFile.Write(source), new System.Text.UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
