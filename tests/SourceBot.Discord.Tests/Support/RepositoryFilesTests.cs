namespace SourceBot.Discord.Tests.Support;

/// <summary>The dev-set checks cannot silently not run: a missing dev question set is an error saying where it was expected.</summary>
public sealed class RepositoryFilesTests
{
    [Fact]
    public void A_missing_dev_question_set_fails_with_the_path_it_was_expected_at()
    {
        var root = Path.Combine(Path.GetTempPath(), "sb-no-shared-" + Guid.NewGuid().ToString("N"), "repo");
        var expected = Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "dev-questions.jsonl"));

        var error = Assert.Throws<InvalidOperationException>(() => RepositoryFiles.DevQuestionsBeside(root));

        Assert.Contains(expected, error.Message);
    }
}
