using System.Collections.Immutable;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;

namespace SourceBot.Core.Libraries;

/// <summary>
/// The answers of a library (the default one included), whose engine lives in the process's <see cref="EngineCache"/>: every call leases the
/// engine for its own duration, so the cache may unload or replace it between calls (a publish, an eviction) but never during one.
/// </summary>
internal sealed class CachedLibraryAnswers(EngineCache cache, string libraryId) : IAnswerService
{
    public string Library => libraryId;

    public async Task<Answer> AskAsync(string question, CancellationToken cancellationToken = default)
    {
        using var lease = await cache.AcquireAsync(libraryId, cancellationToken).ConfigureAwait(false);
        return lease.Engine.Ask(question);
    }

    // The synchronous members are read right after an answer, when the engine is loaded, so the lease comes back at once.
    public PassageView? GetPassage(string passageId)
    {
        using var lease = cache.AcquireAsync(libraryId).GetAwaiter().GetResult();
        return lease.Engine.GetPassage(passageId);
    }

    public ImmutableArray<SourceSummary> Sources
    {
        get
        {
            using var lease = cache.AcquireAsync(libraryId).GetAwaiter().GetResult();
            return lease.Engine.Sources;
        }
    }

    public EngineInfo Info
    {
        get
        {
            using var lease = cache.AcquireAsync(libraryId).GetAwaiter().GetResult();
            return lease.Engine.Info;
        }
    }
}
