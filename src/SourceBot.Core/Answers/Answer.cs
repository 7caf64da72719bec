using System.Collections.Immutable;

namespace SourceBot.Core.Answers;

/// <summary>A footnote of the source, as cited by a quoted sentence.</summary>
public sealed record FootnoteRef(int Number, string Text);

/// <summary>A runner-up passage: what "Other matches" shows.</summary>
public sealed record Alternative(string PassageId, string SourceId, string Quote, double Score);

/// <summary>Why an answer was or was not given.</summary>
public enum AnswerOutcome
{
    Answered,
    EmptyQuestion,
    TooLong,
    NotCovered,
}

/// <summary>
/// What every front end renders: a verbatim quote from one passage with the footnotes its sentences cite and the source's
/// citation, or a no-answer with its reason and the nearest topics the sources do cover.
/// </summary>
public sealed record Answer(
    string Question,
    AnswerOutcome Outcome,
    string? Quote,
    ImmutableArray<FootnoteRef> Footnotes,
    Citation? Citation,
    string? SourceId,
    string? PassageId,
    string? PassageText,
    double Score,
    double Margin,
    ImmutableArray<Alternative> Alternatives,
    string Reason,
    ImmutableArray<string> NearestTopics)
{
    public bool Answered => Outcome == AnswerOutcome.Answered;

    public static Answer NoAnswer(string question, AnswerOutcome outcome, string reason, ImmutableArray<string> nearestTopics, double score = 0) =>
        new(question, outcome, null, [], null, null, null, null, score, 0, [], reason, nearestTopics);
}

/// <summary>A whole passage with its footnotes and citation and its neighbours: what "Read around" pages through.</summary>
public sealed record PassageView(
    string PassageId,
    string SourceId,
    string Text,
    ImmutableArray<FootnoteRef> Footnotes,
    Citation Citation,
    string? PreviousPassageId,
    string? NextPassageId,
    int Position,
    int Count);

/// <summary>A source as listed by /sources.</summary>
public sealed record SourceSummary(string SourceId, Citation Citation, int PassageCount, bool HasFootnotes);

/// <summary>Versions that identify what answered: the code, the knowledge and the built models.</summary>
public sealed record EngineInfo(string CodeVersion, string KnowledgeHash, string ModelHash, int SourceCount, int PassageCount);
