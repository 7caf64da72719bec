using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Knowledge;

public sealed class KnowledgeFileEdgeTests
{
    [Fact]
    public void Empty_front_matter_is_a_clear_format_error_not_a_crash()
    {
        var ex = Assert.Throws<KnowledgeFormatException>(() => KnowledgeFile.Parse("---\n---\n\n[p1] Text.\n", "s"));

        Assert.Contains("title", ex.Message);
    }

    [Fact]
    public void Passage_number_too_large_is_a_clear_format_error_not_an_overflow()
    {
        var ex = Assert.Throws<KnowledgeFormatException>(() => KnowledgeFile.Parse("---\ntitle: T\n---\n\n[p99999999999] Text.\n", "s"));

        Assert.Contains("must start with its id", ex.Message);
    }
}
