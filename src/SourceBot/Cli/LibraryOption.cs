using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Libraries;
using SourceBot.Core.Storage;

namespace SourceBot.Cli;

/// <summary>`--library ID`: which library a verb reads or changes (default: the bundled one). Every verb on knowledge takes it.</summary>
internal static class LibraryOption
{
    public static Option<string> Create(bool recursive = false) => new("--library")
    {
        Description = "The library to use (default: the bundled one); `kb library list` shows them.",
        DefaultValueFactory = _ => LibraryId.Default,
        Recursive = recursive,
    };

    /// <summary>The library's id from the command line, or a usage error (exit 2) for one that cannot be an id.</summary>
    public static string? Read(ParseResult parse, Option<string> option, out int exitCode)
    {
        var id = parse.GetValue(option) ?? LibraryId.Default;
        exitCode = 0;
        if (id == LibraryId.Default || LibraryId.IsValid(id)) return id;
        Console.Error.WriteLine(LibraryId.Problem(id));
        exitCode = 2;
        return null;
    }

    /// <summary>The engine a library answers from, loaded from its live version (the bot's own way: the library hub's engine cache).</summary>
    public static async Task<AnswerEngine> EngineAsync(IServiceProvider services, string libraryId, CancellationToken cancellationToken)
    {
        var libraries = services.GetRequiredService<LibraryHub>();
        // The default library says what is wrong with the bundled knowledge (a missing folder, no sources) in one line.
        if (libraryId == LibraryId.Default) await libraries.LoadDefaultAsync(cancellationToken);
        // Leased for the rest of the command: the engine stays loaded until the process ends.
        var lease = await libraries.LeaseAsync(libraryId, cancellationToken);
        return lease?.Engine ?? throw new KnowledgeStoreException($"Library '{libraryId}' has no sources yet: add some with `kb --library {libraryId} add`.");
    }

    /// <summary>The knowledge a library answers from (its latest version, else its draft).</summary>
    public static async Task<KnowledgeBase> LiveKnowledgeAsync(IServiceProvider services, string libraryId, CancellationToken cancellationToken)
    {
        var service = await services.GetRequiredService<LibraryHub>().ServiceAsync(libraryId, cancellationToken);
        var knowledge = await service.LoadLiveKnowledgeAsync(cancellationToken);
        return knowledge.Passages.IsEmpty
            ? throw new KnowledgeStoreException($"Library '{libraryId}' has no sources yet: add some with `kb --library {libraryId} add`.")
            : knowledge;
    }
}
