using System.Collections.Immutable;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;

namespace SourceBot.Core.Libraries;

/// <summary>The answers of a library with no sources yet: every question is "not covered", saying why and what to do.</summary>
internal sealed class EmptyLibraryAnswers(string libraryId) : IAnswerService
{
    public string Library => libraryId;

    public Task<Answer> AskAsync(string question, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer.NoAnswer(question ?? "", AnswerOutcome.NotCovered,
            $"This server's library '{libraryId}' has no published sources yet; its moderators can add sources and publish them.", []));

    public PassageView? GetPassage(string passageId) => null;

    public ImmutableArray<SourceSummary> Sources => [];

    public EngineInfo Info => new(AnswerEngine.CodeVersion, "", "", 0, 0);
}
