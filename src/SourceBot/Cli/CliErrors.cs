using Microsoft.Extensions.Options;
using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;
using SourceBot.Discord;

namespace SourceBot.Cli;

/// <summary>
/// The one place every verb's errors end: what a user can get wrong (knowledge, settings, files, tokens) becomes one line on
/// stderr and an exit code, never a stack trace. Exit codes: 1 Discord or unexpected, 2 bad arguments or files, 3 bad
/// knowledge or settings, 130 cancelled.
/// </summary>
public static class CliErrors
{
    public static (string Message, int ExitCode) Describe(Exception exception) => exception switch
    {
        KnowledgeFormatException e => ("Knowledge error: " + e.Message, 3),
        Core.Storage.KnowledgeStoreException e => (e.Message, 3),
        Core.Engine.EngineLoadException { InnerException: KnowledgeFormatException inner } => ("Knowledge error: " + inner.Message, 3),
        Core.Engine.EngineLoadException e => (e.Message, 3),
        OptionsValidationException e => ("Configuration error: " + string.Join(" ", e.Failures), 3),
        // The configuration binder's "Failed to convert configuration value at 'X' to type 'Y'" (a setting of the wrong type).
        InvalidOperationException { InnerException: FormatException or OverflowException or ArgumentException } e
            when e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase) => ("Configuration error: " + e.Message, 3),
        Microsoft.Data.Sqlite.SqliteException e => ("Database error: " + e.Message, 3),
        ImportException e => ("Import failed: " + e.Message, 3),
        DiscordConfigurationException e => (e.Message, 1),
        Operations.OperationsEndpointException e => (e.Message, 1),
        FormatException e => (e.Message, 2),
        FileNotFoundException e => (e.Message, 2),
        DirectoryNotFoundException e => (e.Message, 2),
        UnauthorizedAccessException e => ("Permission denied: " + e.Message, 2),
        OperationCanceledException => ("Cancelled.", 130),
        IOException e => ("File error: " + e.Message, 2),
        _ => ($"Unexpected error ({exception.GetType().Name}): {exception.Message}", 1),
    };
}
