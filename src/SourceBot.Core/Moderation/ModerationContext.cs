using Microsoft.Extensions.Logging;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Moderation;

/// <summary>
/// What the moderation parts of one library share: its store, the process's engine factory, the settings, and where its
/// questions and votes are logged. <see cref="Live"/> is the engine the library answers from in this process, when one is
/// loaded (a publish swaps it; a process without one loads the live version when it needs it). A library whose engine lives
/// in the process's <see cref="EngineCache"/> (as every library of a running host does) has no <see cref="Live"/> but that
/// <see cref="Cache"/>: a publish hands it the new snapshot, and a preview leases the live engine from it. With a <see cref="Training"/> queue, publishes train on it, in the background, one at a time.
/// </summary>
internal sealed record ModerationContext(
    IKnowledgeStore Store,
    EngineFactory Engines,
    ModerationOptions Options,
    ILogger Logger,
    TimeProvider Time,
    IQuestionLog? QuestionLog,
    IFeedbackStore? Feedback,
    AnswerEngine? Live,
    TrainingQueue? Training = null,
    EngineCache? Cache = null)
{
    /// <summary>Builds an engine snapshot for a knowledge version; tests replace it to simulate a training failure.</summary>
    public Func<Knowledge.KnowledgeBase, CancellationToken, EngineSnapshot>? SnapshotBuilder { get; set; }

    /// <summary>Trains a snapshot off the calling thread (the training queue, when the host has one).</summary>
    public Task<EngineSnapshot> BuildAsync(Knowledge.KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        SnapshotBuilder is { } build ? Task.Run(() => build(knowledge, cancellationToken), cancellationToken)
        : Training is not null ? Training.EnqueueAsync(Store.LibraryId, knowledge, cancellationToken)
        : Task.Run(() => Engines.Build(knowledge, cancellationToken: cancellationToken), cancellationToken);

    /// <summary>The latest published version, or null before the first publish.</summary>
    public Task<VersionManifest?> LatestAsync(CancellationToken cancellationToken) => Store.LatestVersionAsync(cancellationToken);

    /// <summary>The knowledge the library answers from: its latest version, or the draft before the first publish.</summary>
    public Task<Knowledge.KnowledgeBase> LoadLiveKnowledgeAsync(CancellationToken cancellationToken, bool allowEmpty = false) =>
        Store.LoadLiveKnowledgeAsync(allowEmpty, cancellationToken);
}
