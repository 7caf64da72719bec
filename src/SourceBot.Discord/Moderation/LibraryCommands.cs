using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;
using static SourceBot.Discord.Interactions.InteractionReplies;

namespace SourceBot.Discord.Moderation;

/// <summary>
/// /kb library create | use | list, for a moderator already checked by <see cref="ModerationHandler"/>. Creating and choosing
/// always act on the server the command came from, never on a server named in the command.
/// </summary>
internal static class LibraryCommands
{
    public const string OneLibraryText = "This SourceBot serves one library to every server, so there is nothing to create or choose.";
    private const int MaxListed = 40;

    public static async Task<MessagePayload> RunAsync(ILibraries? libraries, InteractionOption? command, Actor actor, string serverId, CancellationToken ct)
    {
        if (libraries is null) return ModerationHandler.Failure(OneLibraryText);
        var options = command?.Options ?? [];
        var id = StringOption(options, Commands.IdOption)?.Trim() ?? "";
        switch (command?.Name)
        {
            case Commands.LibraryCreate:
            {
                var copyFrom = BoolOption(options, Commands.CopyOption) == true ? LibraryId.Default : null;
                return Render(await libraries.CreateAsync(actor, id, copyFrom, serverId, ct).ConfigureAwait(false));
            }
            case Commands.LibraryUse:
                return Render(await libraries.UseAsync(actor, id, serverId, ct).ConfigureAwait(false));
            case Commands.LibraryList:
            {
                var all = await libraries.ListAsync(ct).ConfigureAwait(false);
                var current = await libraries.LibraryOfServerAsync(serverId, ct).ConfigureAwait(false);
                return RenderList(all, current);
            }
            default:
                return AnswerRenderer.Note("I don't know that /kb library subcommand (any more).", ephemeral: true);
        }
    }

    /// <summary>A library request's result, titled by its outcome, with the /kb library command that helps next.</summary>
    public static MessagePayload Render(LibraryResult result)
    {
        var text = result.Message;
        var (title, hint) = result.Outcome switch
        {
            LibraryOutcome.Created => ("Library created", ""),
            LibraryOutcome.Mapped => ("Library chosen", " Every /kb command here now changes it."),
            LibraryOutcome.InvalidId => ("Not a library id", ""),
            LibraryOutcome.AlreadyExists => ("Library exists already", $" To answer from it here: /kb library use id:{result.LibraryId}."),
            LibraryOutcome.UnknownSource => ("Nothing to copy", ""),
            LibraryOutcome.TooManyLibraries => ("Too many libraries", " Use an existing one with /kb library use."),
            LibraryOutcome.UnknownLibrary => ("No such library", " See /kb library list."),
            _ => ("Not done", ""),
        };
        return ModerationHandler.Embed(title, text + hint, result.Succeeded ? ModerationHandler.Color : ModerationHandler.FailColor);
    }

    /// <summary>Every library, the one this server uses marked, as many as fit.</summary>
    public static MessagePayload RenderList(ImmutableArray<LibraryInfo> libraries, string current)
    {
        var text = new StringBuilder($"This server answers from **{current}**; /kb commands here change it.\n");
        foreach (var library in libraries.Take(MaxListed))
        {
            var mark = library.Id == current ? " ← this server" : "";
            var origin = library.Id == LibraryId.Default
                ? "the bundled library"
                : $"created {library.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} by {TextFit.Truncate(library.CreatedByName, 40)}" +
                  (library.CopiedFrom is { } from ? $", a copy of {from}" : ", empty");
            text.Append(CultureInfo.InvariantCulture, $"\n• `{library.Id}`{mark}: {origin}");
        }
        if (libraries.Length > MaxListed) text.Append(CultureInfo.InvariantCulture, $"\n… and {libraries.Length - MaxListed} more.");
        return ModerationHandler.Embed("Libraries", text.ToString(), ModerationHandler.Color);
    }
}
