using SourceBot.Core.Answers;

namespace SourceBot.Core.Tests.Answers;

public sealed class QuestionTextTests
{
    [Theory]
    [InlineData("<@123> what is songbun", "what is songbun")]
    [InlineData("<@!123> <#456> <@&789> hi", "hi")]
    [InlineData("**bold** and __under__ ~~strike~~ ||spoiler||", "bold and under strike spoiler")]
    [InlineData("```csharp\ncode\n```", "code")]
    [InlineData("a\u0000b\u200bc", "a b c")]
    [InlineData("<:smile:123456> ok", "ok")]
    [InlineData("what is a _refugee_?", "what is a refugee ?")]
    [InlineData("snake_case stays", "snake_case stays")]
    public void Clean_removes_discord_and_markdown_syntax_but_keeps_words(string raw, string expected)
    {
        Assert.Equal(expected, QuestionText.Clean(raw));
    }

    [Fact]
    public void Clean_replaces_half_surrogate_pairs_instead_of_throwing()
    {
        // Built in code: xunit's theory data would re-encode a lone surrogate before it reached the method.
        string raw = "a " + (char)0xD800 + " b " + (char)0xDC00;

        Assert.Equal("a \uFFFD b \uFFFD", QuestionText.Clean(raw));
    }

    [Fact]
    public void Clean_of_null_is_empty()
    {
        Assert.Equal("", QuestionText.Clean(null));
    }
}
