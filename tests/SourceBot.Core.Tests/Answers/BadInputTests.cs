using SourceBot.Core.Answers;
using SourceBot.Core.Tests.Engine;

namespace SourceBot.Core.Tests.Answers;

[Collection(SeedEngineCollection.Name)]
public sealed class BadInputTests(SeedEngineFixture fixture)
{
    public static TheoryData<string?> Inputs() => new()
    {
        null,
        "",
        "   \t\n  ",
        "\u0000\u0001\u0007\u001b[31m",
        "<@123456789012345678>",
        "```\n```",
        "**__~~||",
        "😀🎉🔥",
        "北朝鲜难民在中国的处境如何？",
        "Как Китай обращается с беженцами?",
        "\u200b\u200d\u2060",
        "?!?!",
        "what is it?",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Odd_input_gets_a_reply_with_a_reason_and_never_throws(string? input)
    {
        var answer = fixture.Engine.Ask(input);

        Assert.False(string.IsNullOrWhiteSpace(answer.Reason));
        Assert.False(answer.Answered && answer.Quote is null);
    }

    [Fact]
    public void Ten_thousand_characters_are_refused_with_the_limit_named()
    {
        var answer = fixture.Engine.Ask(new string('a', 5000) + " " + new string('b', 4999));

        Assert.Equal(AnswerOutcome.TooLong, answer.Outcome);
        Assert.Contains(QuestionText.MaxLength.ToString("N0"), answer.Reason);
    }

    [Fact]
    public void Half_surrogate_pairs_do_not_throw()
    {
        var answer = fixture.Engine.Ask("What is " + (char)0xD800 + " refoulement?" + (char)0xDC00);

        Assert.False(string.IsNullOrWhiteSpace(answer.Reason));
    }

    [Fact]
    public void Question_of_only_question_words_says_it_has_nothing_to_look_up()
    {
        var answer = fixture.Engine.Ask("what is it?");

        Assert.Equal(AnswerOutcome.EmptyQuestion, answer.Outcome);
        Assert.Contains("no words to look up", answer.Reason);
    }

    [Fact]
    public void Empty_question_says_there_is_no_question()
    {
        var answer = fixture.Engine.Ask("   ");

        Assert.Equal(AnswerOutcome.EmptyQuestion, answer.Outcome);
        Assert.NotEmpty(answer.NearestTopics);
    }

    [Theory]
    [InlineData("<@123456789012345678> When did China accede to the 1951 Refugee Convention?")]
    [InlineData("**When** did China accede to the `1951 Refugee Convention`?")]
    [InlineData("```\nWhen did China accede to the 1951 Refugee Convention?\n```")]
    [InlineData("When did China accede\u0000 to the 1951 Refugee Convention?\u0007")]
    [InlineData("> When did China accede to the 1951 Refugee Convention? 🤔")]
    public void Mentions_markdown_fences_control_characters_and_emoji_do_not_change_the_answer(string wrapped)
    {
        var plain = fixture.Engine.Ask("When did China accede to the 1951 Refugee Convention?");
        var answer = fixture.Engine.Ask(wrapped);

        Assert.True(answer.Answered, answer.Reason);
        Assert.Equal(plain.PassageId, answer.PassageId);
        Assert.Equal(plain.Quote, answer.Quote);
    }
}
