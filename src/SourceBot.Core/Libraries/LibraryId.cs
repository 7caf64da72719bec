using System.Text.RegularExpressions;

namespace SourceBot.Core.Libraries;

/// <summary>
/// A library's id: what moderators type and what stores key on. Lower-case letters, digits and '-', 2 to 32 characters,
/// starting with a letter. <see cref="Default"/> is the bundled knowledge.
/// </summary>
public static partial class LibraryId
{
    public const string Default = "default";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>Why an id is not valid, in a sentence for the person who typed it; null when it is.</summary>
    public static string? Problem(string? id) => IsValid(id)
        ? null
        : $"'{id}' is not a library id: use 2 to 32 lower-case letters, digits or '-', starting with a letter (for example \"biology-101\").";

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
