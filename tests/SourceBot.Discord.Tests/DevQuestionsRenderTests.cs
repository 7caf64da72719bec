using System.Text.Json;
using SourceBot.Core.Engine;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Rendering;
using Xunit.Abstractions;
using SourceBot.Tests.Shared;

namespace SourceBot.Discord.Tests;

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

/// <summary>One engine on the repository's knowledge for the class, trained into a private temporary cache.</summary>
public sealed class KnowledgeEngineFixture : IDisposable
{
    private readonly Lazy<AnswerEngine> _engine;
    private readonly EngineFactory _engines;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "sourcebot-discord-tests-" + Guid.NewGuid().ToString("N"));

    public KnowledgeEngineFixture()
    {
        _engines = TestEngines.Factory(new EngineOptions { KnowledgePath = RepositoryFiles.Knowledge, CachePath = _cache });
        _engine = new(() => _engines.Load());
    }

    public AnswerEngine Engine => _engine.Value;

    public void Dispose()
    {
        if (_engine.IsValueCreated) _engine.Value.Dispose();
        _engines.Dispose();
        try { Directory.Delete(_cache, recursive: true); } catch (IOException) { }
    }
}

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
        var renderer = new AnswerRenderer(new RecentAnswers(100, TimeSpan.FromHours(1), TimeProvider.System));
        int count = 0, answered = 0;
        foreach (var line in File.ReadLines(RepositoryFiles.DevQuestions))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var question = JsonDocument.Parse(line).RootElement.GetProperty("q").GetString()!;
            var answer = await engine.AskAsync(question);
            count++;
            if (answer.Answered) answered++;
            AssertWithinLimits(renderer.RenderAnswer(answer, "KEY0000001", isPrivate: false), question);
            AssertWithinLimits(renderer.RenderAnswer(answer, "KEY0000001", isPrivate: true), question + " (private)");
            AssertWithinLimits(renderer.RenderAlternatives(answer, engine.GetPassage), question + " (other matches)");
            if (answer.Citation is { } citation) AssertWithinLimits(AnswerRenderer.RenderCitations(citation), question + " (cite)");
        }
        output.WriteLine($"{count} dev questions rendered ({answered} answered).");
        Assert.True(count > 0);
    }

    [Fact]
    public void Every_read_around_page_renders_within_discords_limits_and_links_to_its_neighbours()
    {
        var engine = fixture.Engine;
        var renderer = new AnswerRenderer(new RecentAnswers(100, TimeSpan.FromHours(1), TimeProvider.System));
        int pages = 0;
        foreach (var passage in engine.Snapshot.Knowledge.Passages.Where(p => !p.Hidden))
        {
            var page = engine.GetPassage(passage.Id);
            Assert.NotNull(page);
            var payload = renderer.RenderPassage(page);
            AssertWithinLimits(payload, passage.Id);
            var buttons = payload.Components![0].Components;
            if (page.PreviousPassageId is { } prev) Assert.Equal((BotAction.Page, prev), CustomIds.Decode(buttons[0].CustomId, new RecentAnswers(1, TimeSpan.FromHours(1), TimeProvider.System)));
            if (page.NextPassageId is not null) Assert.NotEqual(true, buttons[1].Disabled);
            pages++;
        }
        AssertWithinLimits(AnswerRenderer.RenderSources(engine.Sources), "/sources");
        AssertWithinLimits(AnswerRenderer.RenderAbout(engine.Info, DiscordRestClient.Version), "/about");
        output.WriteLine($"{pages} pages rendered.");
        Assert.True(pages > 0);
    }
}

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
