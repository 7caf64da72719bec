using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>The product's own texts give no example from the bundled sources: SourceBot answers from whatever sources are loaded.</summary>
public sealed class NeutralTextTests
{
    private static readonly string[] BundledCorpusWords = ["China", "Refugee", "003#"];

    private static void AssertNeutral(string? text)
    {
        Assert.NotNull(text);
        foreach (var word in BundledCorpusWords) Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<ApplicationCommandOption> AllOptions(IEnumerable<ApplicationCommandOption>? options) =>
        (options ?? []).SelectMany(o => AllOptions(o.Options).Prepend(o));

    [Fact]
    public void Passage_options_give_a_neutral_passage_id_example()
    {
        var passageOptions = Commands.Registrations(TestData.Options(o => o.ModeratorGuildIds = ["700"])).SelectMany(r => r.Commands).SelectMany(c => AllOptions(c.Options)).Where(o => o.Name == Commands.PassageOption).ToList();
        Assert.NotEmpty(passageOptions);
        Assert.All(passageOptions, o =>
        {
            Assert.Contains("e.g. source#p4", o.Description);
            AssertNeutral(o.Description);
        });
    }

    [Fact]
    public void The_question_form_placeholder_names_no_topic()
    {
        var modal = AnswerRenderer.QuestionModal("sb:rs:p", "Ask again", null);
        var input = Assert.IsType<TextInput>(Assert.IsType<LabelComponent>(Assert.Single(modal.Components)).Component);
        Assert.Equal("Type your question", input.Placeholder);
        AssertNeutral(input.Placeholder);
    }

    [Fact]
    public async Task The_bare_mention_hint_names_no_topic()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42>"), default);
        var hint = Assert.Single(h.Take()).Json.GetProperty("content").GetString();
        Assert.Equal(MentionHandler.EmptyMentionText, hint);
        AssertNeutral(hint);
    }
}
