using System.Text.Json;
using SourceBot.Core.Engine;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;
using SourceBot.Discord.Tests.Support;
using Xunit.Abstractions;
using SourceBot.Tests.Shared;

namespace SourceBot.Discord.Tests.Rendering;

/// <summary>The real engine's answers to every dev question, and every read-around page, rendered within Discord's limits.</summary>
public sealed class DevQuestionsRenderTests(KnowledgeEngineFixture fixture, ITestOutputHelper output) : IClassFixture<KnowledgeEngineFixture>
{
    private static void AssertWithinLimits(MessagePayload payload, string what)
    {
        var violations = DiscordLimits.Violations(payload);
        Assert.True(violations.Count == 0, $"{what}: {string.Join("; ", violations)}");
    }

    [Fact]
    public async Task Every_dev_question_answer_renders_within_discords_limits()
    {
        var engine = fixture.Engine;
        var recent = new RecentAnswers(100, TimeSpan.FromHours(1), TimeProvider.System);
        int count = 0, answered = 0;
        foreach (var line in File.ReadLines(RepositoryFiles.DevQuestions))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var question = JsonDocument.Parse(line).RootElement.GetProperty("q").GetString()!;
            var answer = await engine.AskAsync(question);
            count++;
            if (answer.Answered) answered++;
            var aliases = await recent.AliasesForAsync(AnswerRenderer.AnswerButtonArguments(answer));
            AssertWithinLimits(AnswerRenderer.RenderAnswer(answer, "KEY0000001", isPrivate: false, aliases), question);
            AssertWithinLimits(AnswerRenderer.RenderAnswer(answer, "KEY0000001", isPrivate: true, aliases), question + " (private)");
            AssertWithinLimits(AnswerRenderer.RenderAlternatives(answer, engine.GetPassage, await recent.AliasesForAsync(AnswerRenderer.AlternativesButtonArguments(answer))),
                question + " (other matches)");
            if (answer.Citation is { } citation) AssertWithinLimits(AnswerRenderer.RenderCitations(citation), question + " (cite)");
        }
        output.WriteLine($"{count} dev questions rendered ({answered} answered).");
        Assert.True(count > 0);
    }

    [Fact]
    public async Task Every_read_around_page_renders_within_discords_limits_and_links_to_its_neighbours()
    {
        var engine = fixture.Engine;
        var recent = new RecentAnswers(100, TimeSpan.FromHours(1), TimeProvider.System);
        int pages = 0;
        foreach (var passage in engine.Snapshot.Knowledge.Passages.Where(p => !p.Hidden))
        {
            var page = engine.GetPassage(passage.Id);
            Assert.NotNull(page);
            var payload = AnswerRenderer.RenderPassage(page, await recent.AliasesForAsync(AnswerRenderer.PassageButtonArguments(page)));
            AssertWithinLimits(payload, passage.Id);
            var buttons = payload.Components![0].Components;
            if (page.PreviousPassageId is { } prev) Assert.Equal((BotAction.Page, prev), await CustomIds.DecodeAsync(buttons[0].CustomId, recent));
            if (page.NextPassageId is not null) Assert.NotEqual(true, buttons[1].Disabled);
            pages++;
        }
        AssertWithinLimits(AnswerRenderer.RenderSources(engine.Sources), "/sources");
        AssertWithinLimits(AnswerRenderer.RenderAbout(engine.Info, DiscordRestClient.Version), "/about");
        output.WriteLine($"{pages} pages rendered.");
        Assert.True(pages > 0);
    }
}
