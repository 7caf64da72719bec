using System.Collections.Immutable;
using SourceBot.Core.Answers;

namespace SourceBot.Core.Engine;

/// <summary>
/// The one narrow entry point front ends use to ask. Implementations answer from an immutable engine snapshot, so calls are
/// safe from any thread and a knowledge publish never mixes versions within one answer.
/// </summary>
public interface IAnswerService
{
    /// <summary>Answers a question. Never throws for bad input: empty, huge or odd text gets a no-answer with a reason.</summary>
    Task<Answer> AskAsync(string question, CancellationToken cancellationToken = default);

    /// <summary>A whole passage with its footnotes, citation and neighbours, or null if no such visible passage exists.</summary>
    PassageView? GetPassage(string passageId);

    ImmutableArray<SourceSummary> Sources { get; }

    EngineInfo Info { get; }

    /// <summary>The library whose knowledge answers (an engine on its own answers for the default library).</summary>
    string Library => Libraries.LibraryId.Default;
}
