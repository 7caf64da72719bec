using SourceBot.Core.Engine;
using SourceBot.Core.Evaluation;
using SourceBot.Core.Knowledge;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Evaluation;

/// <summary>
/// One engine, as SourceBot runs by default, on the second measured corpus (../shared/eval/squad-train/knowledge: eight
/// encyclopedia articles the training never saw), loaded once for the class.
/// </summary>
public sealed class SquadTrainEngineFixture : IDisposable
{
    public SquadTrainEngineFixture()
    {
        var folder = Path.GetFullPath(Path.Combine(TestRepository.Root, "..", "shared", "eval", "squad-train"));
        QuestionsPath = Path.Combine(folder, "questions.jsonl");
        if (!File.Exists(QuestionsPath)) throw new InvalidOperationException($"The squad-train question set is expected at {QuestionsPath} (the shared folder beside the repository).");
        CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-squad-tests-" + Guid.NewGuid().ToString("N"));
        var options = TestEngines.Real(new EngineOptions { KnowledgePath = Path.Combine(folder, "knowledge"), CachePath = CachePath });
        Engines = new EngineFactory(options);
        Engine = new AnswerEngine(Engines.Build(KnowledgeDirectory.Load(options.KnowledgePath)), options);
    }

    public string QuestionsPath { get; }
    public string CachePath { get; }
    public EngineFactory Engines { get; }
    public AnswerEngine Engine { get; }

    public void Dispose()
    {
        Engine.Dispose();
        Engines.Dispose();
        try { Directory.Delete(CachePath, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Absolute quality floors on a corpus SourceBot was not built on (below the figures measured with `eval`, so a real fall fails).</summary>
public sealed class SquadTrainQualityTests(SquadTrainEngineFixture fixture) : IClassFixture<SquadTrainEngineFixture>
{
    private EvalReport Report() => Evaluator.Run(fixture.Engine, QuestionSet.Load(fixture.QuestionsPath));

    [Fact]
    public void Quote_hit_at_1_stays_above_its_floor_on_other_encyclopedia_articles()
    {
        var sourceBot = Report().SourceBot;
        Assert.True(sourceBot.QuoteHitAt1 >= QualityFloors.SquadQuoteHitAt1, $"quote hit@1 {sourceBot.QuoteHitAt1:0.000} < {QualityFloors.SquadQuoteHitAt1}");
    }

    [Fact]
    public void Questions_about_other_articles_are_refused_and_answerable_ones_are_not()
    {
        var sourceBot = Report().SourceBot;
        Assert.True(sourceBot.OffTopicRefused >= QualityFloors.SquadOtherArticleRefused, $"{sourceBot.OffTopicRefused}/{sourceBot.OffTopic} other-article questions refused");
        Assert.True(sourceBot.AnswerableRefused <= QualityFloors.SquadAnswerableRefusedAtMost, $"{sourceBot.AnswerableRefused}/{sourceBot.Answerable} answerable questions refused");
    }
}
