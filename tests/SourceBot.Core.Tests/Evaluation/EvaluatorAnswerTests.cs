using SourceBot.Core.Engine;
using SourceBot.Core.Evaluation;
using SourceBot.Core.Tests.Moderation;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Evaluation;

/// <summary>The SourceBot row is scored on the engine's answer, including the logic beyond the ranker.</summary>
public sealed class EvaluatorAnswerTests : IDisposable
{
    private readonly TinyKnowledge _kb = new();

    public void Dispose() => _kb.Dispose();

    [Fact]
    public async Task A_taught_question_is_scored_on_the_taught_passage_the_user_is_given()
    {
        // An odd teaching on purpose: the volcano passage shares no word with the question, so the ranker alone cannot
        // return it (it is no lexical candidate, and so not learnt either); only the engine's taught override answers with it.
        const string question = "What did lighthouse keepers polish every night?";
        var taught = await _kb.Service().TeachAsync(TinyKnowledge.Alice, question, "volcanoes#p3", null);
        Assert.True(taught.Succeeded, taught.Message);
        using var engines = TestEngines.Factory(_kb.EngineOptions);
        using var engine = engines.Load();
        var answer = engine.Ask(question);
        Assert.Equal("volcanoes#p3", answer.PassageId);

        var report = Evaluator.Run(engine, [new EvalQuestion(question, ["sulfur gas to forecast eruptions"], null, false)]);

        var sourceBot = report.Rows[^1];
        Assert.Equal(Evaluator.SourceBotName, sourceBot.System);
        Assert.Equal((1.0, 1.0, 0), (sourceBot.QuoteHitAt1, sourceBot.PassageHitAt1, sourceBot.AnswerableRefused));
        Assert.Empty(report.Misses);
    }
}
