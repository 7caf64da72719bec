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
    public void Clean_removes_discord_and_markdown_syntax_but_keeps_words(string raw, string expected)
    {
        Assert.Equal(expected, QuestionText.Clean(raw));
    }

    [Fact]
    public void Clean_of_null_is_empty()
    {
        Assert.Equal("", QuestionText.Clean(null));
    }
}
