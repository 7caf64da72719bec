using SourceBot.Tests.Shared;

namespace SourceBot.Discord.Tests.Support;

/// <summary>
/// Locates the repository and the shared dev question set beside it. A missing file or folder throws with a message saying
/// where it was expected (as the Core dev-set tests do), so the checks on the dev set fail rather than silently not run.
/// </summary>
public static class RepositoryFiles
{
    public static string Root => TestRepository.Root;

    /// <summary>../shared/eval/dev-questions.jsonl relative to the repository root.</summary>
    public static string DevQuestions => DevQuestionsBeside(Root);

    public static string Knowledge => KnowledgeIn(Root);

    /// <summary>The dev question set for the repository at <paramref name="root"/>; throws when it is not there.</summary>
    public static string DevQuestionsBeside(string root)
    {
        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "dev-questions.jsonl"));
        if (!File.Exists(path))
            throw new InvalidOperationException($"The dev question set is expected at {path} (the shared folder beside the repository); without it the dev-set checks cannot run.");
        return path;
    }

    /// <summary>The knowledge folder of the repository at <paramref name="root"/>; throws when it is not there.</summary>
    public static string KnowledgeIn(string root)
    {
        var path = Path.Combine(root, "knowledge");
        if (!Directory.Exists(path)) throw new InvalidOperationException($"The knowledge folder is expected at {path}.");
        return path;
    }
}
